import { fork } from 'node:child_process';
import { ROOT, stopChild } from '../../test/support/processes';

const SIM_ENTRY = 'bench/callbacks/sim-main.ts';

/** Forks sim-main.ts with `customers` extra customers, pushing callbacks to `callbackUrl`. */
export async function simProcess(
  customers: number,
  callbackUrl: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = fork(SIM_ENTRY, [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_SIM_CUSTOMERS: String(customers), BENCH_SIM_CALLBACK_URL: callbackUrl },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => stopChild(child, 'SIGTERM') };
}
