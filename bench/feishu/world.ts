// The burst's world: the Feishu simulator (in this process, so its call log is ours to read), a
// tenant with one customer per order, and the server as a child process on a fixed port (a
// restarted server must be where Feishu keeps pushing: the app's event URL does not change).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_FEISHU, demoFeishuSeed, startFeishuSimulator, type StartedFeishuSimulator } from '@kequn/feishu-sim';
import { freePort, ROOT, stopChild, waitUntil } from '../../test/support/processes';
import { feishuEnv } from '../../test/support/feishu';

export const API_KEY = 'bench-feishu-key-0123456789abcdef';
export const STAFF = [DEMO_FEISHU.staff.zhangsan.openId, DEMO_FEISHU.staff.lisi.openId];

export const customerOf = (i: number) => `ou_burst_${String(i).padStart(3, '0')}`;

/** Feishu re-pushes an unanswered event after 15 s, 5 min, 1 h and 6 h: the simulator's default. */
export async function startSim(orders: number): Promise<StartedFeishuSimulator> {
  return startFeishuSimulator({ port: 0, seed: burstSeed(orders) });
}

export function burstSeed(orders: number) {
  const seed = demoFeishuSeed();
  const customers = Array.from({ length: orders }, (_, i) => ({
    openId: customerOf(i),
    name: `客户${String(i).padStart(3, '0')}`,
  }));
  return { ...seed, customers };
}

export interface ServerChild {
  url: string;
  child: ChildProcess;
  output(): string;
}

/** The real server entry on `port`, in demo mode for WeCom, with the Feishu app pointed at the simulator. */
export async function startServerOn(port: number, env: Record<string, string>): Promise<ServerChild> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      LOG_LEVEL: 'warn',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'kequn-bench-feishu-')),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitUntil(async () => {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
    return res?.ok ?? false;
  }, 30_000).catch(async (err: unknown) => {
    await stopChild(child, 'SIGKILL');
    throw err;
  });
  return { url, child, output: () => output };
}

export function serverEnv(simUrl: string, db: { url: string; schema: string }): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    DATABASE_SCHEMA: db.schema,
    API_KEYS: API_KEY,
    RECONCILE_INTERVAL_MS: '0',
    ...feishuEnv(simUrl),
  };
}

export { freePort, stopChild };

/** Runs `task` over `items` with at most `limit` at a time. */
export async function pool<T, R>(items: T[], limit: number, task: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
