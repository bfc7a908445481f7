import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_ENTRY = 'apps/server/src/index.ts';

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs the real server entry (`pnpm start`'s) in its own process, as production does. */
export async function spawnServer(
  env: Record<string, string>,
  opts: { ready?: string; quiet?: boolean } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      // Each process gets its own embedded database unless the test shares one via DATABASE_URL.
      DATA_DIR: mkdtempSync(join(tmpdir(), 'kequn-test-')),
      ...env,
    },
    // quiet: the server still writes its logs, but nobody collects them (benchmarks).
    stdio: ['ignore', opts.quiet ? 'ignore' : 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  // A server that never gets ready must not outlive the test that started it.
  await waitUntil(async () => {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    const res = await fetch(`${url}${opts.ready ?? '/healthz'}`, { signal: AbortSignal.timeout(2_000) }).catch(
      () => null,
    );
    return res?.ok ?? false;
  }, 20_000).catch(async (err: unknown) => {
    await stopChild(child, 'SIGKILL');
    throw err;
  });
  return {
    url,
    child,
    output: () => output,
    stop: (signal = 'SIGTERM') => stopChild(child, signal),
  };
}

/** Forks a script that reports `{port}` over IPC once listening (the bench baselines). */
export async function forkListening(script: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = fork(script, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: 'ignore' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => stopChild(child, 'SIGTERM') };
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
