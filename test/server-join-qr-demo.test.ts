// Demo mode with the pool: the simulator's six empty service groups are the pool, DEMO-1004's
// customer is nobody's contact and gets a join QR; groups and join ways survive a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_POOL_CHAT_IDS, DEMO_POOL_CUSTOMER_ID, simControl } from '@kequn/wecom-sim';
import { loadConfig } from '../apps/server/src/config';
import { startServer, type RunningServer } from '../apps/server/src/server';
import { eventually } from '../apps/server/src/testing/harness';

const dataDir = mkdtempSync(join(tmpdir(), 'kequn-demo-pool-'));
const KEY = 'demo-pool-test-key-0123456789';
let running: RunningServer | null = null;

const start = async () =>
  startServer(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', API_KEYS: KEY }),
    pino({ level: 'silent' }),
  );
const call = async <T>(method: string, path: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${running?.url}${path}`, { method, headers: { authorization: `Bearer ${KEY}` } });
  return { status: res.status, body: (await res.json()) as T };
};

afterAll(async () => {
  await running?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('demo mode with the shell-group pool', () => {
  it('pools the demo groups, gives DEMO-1004 a join QR, and keeps it across a restart', async () => {
    running = await start();
    const pool = await eventually(async () => {
      const res = await call<{ free: number }>('GET', '/api/v1/pool');
      return res.body.free === DEMO_POOL_CHAT_IDS.length ? res.body : undefined;
    });
    expect(pool.free).toBe(6);
    const qr = await call<{ chatId: string; configId: string; state: string }>(
      'POST',
      '/api/v1/orders/DEMO-1004/join-qr',
    );
    expect(qr.status).toBe(201);
    expect(DEMO_POOL_CHAT_IDS).toContain(qr.body.chatId);
    const sim = simControl(running.url);
    await sim.scanJoinWay(qr.body.configId, DEMO_POOL_CUSTOMER_ID);
    await eventually(async () => {
      const order = await call<{ group: { members: Array<{ id: string }> } | null }>('GET', '/api/v1/orders/DEMO-1004');
      return order.body.group?.members.some((m) => m.id === DEMO_POOL_CUSTOMER_ID);
    });
    await running.close();
    running = await start();
    // The simulator kept the group with its customer and the join way; we kept the rest.
    const again = await call<{ configId: string }>('POST', '/api/v1/orders/DEMO-1004/join-qr');
    expect(again).toMatchObject({ status: 200, body: { configId: qr.body.configId } });
    const ways = await simControl(running.url).joinWays();
    expect(ways.joinWays.map((w) => w.config_id)).toContain(qr.body.configId);
    await eventually(async () => (await call<{ free: number }>('GET', '/api/v1/pool')).body.free === 5);
  });
});
