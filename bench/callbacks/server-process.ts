import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { ROOT, stopChild, waitUntil } from '../../test/support/processes';

/** The production bundle (`pnpm build`'s): no on-the-fly TypeScript compiling after a restart. */
const SERVER_ENTRY = 'apps/server/dist/index.js';

export interface ServerChild {
  readonly url: string;
  /** Starts the server (again) on the same port: WeCom's callback URL does not change. */
  start(): Promise<number>;
  /** kill -9: no shutdown handler runs, in-flight requests are cut. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** The running process's id (the inbox's lease owners name it). */
  pid(): number | undefined;
  output(): string;
}

/**
 * The server as deployed (the bundle `pnpm start:prod` runs) as a child process, so it can be killed for real. Unlike
 * test/support's spawnServer it keeps one port across restarts, as a deployment behind one callback
 * URL does.
 */
export function serverChild(port: number, nodeArgs: string[], env: Record<string, string>): ServerChild {
  const url = `http://127.0.0.1:${port}`;
  execFileSync('pnpm', ['--filter', '@kequn/server', 'build'], { cwd: ROOT, stdio: 'ignore' });
  let child: ChildProcess | null = null;
  let output = '';
  const keep = (d: Buffer) => {
    // Logs are warn level; keep the tail only, for a failure message.
    output = (output + d.toString()).slice(-20_000);
  };
  return {
    url,
    output: () => output,
    pid: () => child?.pid,
    async start() {
      const started = Date.now();
      const proc = spawn(process.execPath, [...nodeArgs, SERVER_ENTRY], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      proc.stdout.on('data', keep);
      proc.stderr.on('data', keep);
      await waitUntil(async () => {
        if (proc.exitCode !== null) throw new Error(`server exited early:\n${output}`);
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
        return res?.ok ?? false;
      }, 60_000);
      return Date.now() - started;
    },
    async kill() {
      if (child) await stopChild(child, 'SIGKILL');
      child = null;
    },
    async stop() {
      if (child) await stopChild(child, 'SIGTERM');
      child = null;
    },
  };
}
