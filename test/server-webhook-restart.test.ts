// Webhooks survive restarts: the real server entry runs as a child process; the receiver first
// fails, the server is killed (SIGKILL) with deliveries pending and in flight, restarted, stopped
// again (SIGTERM) in the middle of slow deliveries, and started a third time. Every event id
// arrives exactly once, and nothing is lost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, readOutbox, TEST_DATABASE_URL, uniqueSchema } from '../apps/server/src/testing/databases';
import { eventually, signInCookie, WEBHOOK_SECRET, WebhookReceiver } from '../apps/server/src/testing/harness';
import { spawnServer, type ServerProcess } from './support/processes';

const API_KEY = 'restart-test-key-0123456789abcdef';
const ORDERS = 8;
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A customer group of zhangsan's made in the embedded simulator, as staff would in the client. */
async function groupInClient(server: ServerProcess): Promise<string> {
  const res = await fetch(`${server.url}/__sim/groups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ owner: 'zhangsan', name: '重启测试群' }),
  });
  return ((await res.json()) as { chatId: string }).chatId;
}

async function makeEvents(server: ServerProcess): Promise<void> {
  const cookie = await signInCookie(server.url.replace('127.0.0.1', 'localhost'), 'zhangsan');
  // Only the binds' group.created events: no callbacks, so no confirmations in between.
  await fetch(`${server.url}/__sim/settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ callback: null }),
  });
  for (let i = 1; i <= ORDERS; i += 1) {
    const put = await fetch(`${server.url}/api/v1/orders/R-${i}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `R-${i}`, customer: { mobile: '13800138001' }, staffUserIds: ['zhangsan'] }),
    });
    expect(put.status).toBe(201);
    const bind = await fetch(`${server.url}/api/orders/R-${i}/group`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ chatId: await groupInClient(server) }),
    });
    expect(bind.status).toBe(201);
  }
}

interface Engine {
  name: string;
  env: Record<string, string>;
  /** Reads the outbox directly (after the server is gone, for PGlite). */
  outbox(): Promise<Array<{ id: string; done: boolean; attempts: number }>>;
}

function postgresEngine(): Engine {
  const schema = uniqueSchema();
  cleanups.push(() => dropSchema(schema));
  return {
    name: 'postgres',
    env: { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema },
    outbox: () => readOutbox({ databaseUrl: TEST_DATABASE_URL, schema }),
  };
}

function pgliteEngine(): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'kequn-restart-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return {
    name: 'pglite',
    env: { DATA_DIR: dir },
    outbox: () => readOutbox({ dataDir: dir }),
  };
}

describe.each([
  ['PostgreSQL', postgresEngine],
  ['PGlite', pgliteEngine],
] as const)('webhook delivery across restarts on %s', (_name, makeEngine) => {
  it('delivers every event id exactly once', { timeout: 120_000 }, async () => {
    const engine = makeEngine();
    const receiver = await new WebhookReceiver().start();
    cleanups.push(() => receiver.close());
    const env = {
      ...engine.env,
      API_KEYS: API_KEY,
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET,
      WEBHOOK_RETRY_BASE_MS: '100',
      WEBHOOK_TIMEOUT_MS: '1500',
      RECONCILE_INTERVAL_MS: '0',
    };

    // 1. The receiver is down (slow 503s); kill -9 the server while deliveries are pending and in flight.
    receiver.respond = async () => {
      await sleep(200);
      return 503;
    };
    const first = await spawnServer(env);
    cleanups.push(() => first.stop('SIGKILL'));
    await makeEvents(first);
    await eventually(async () => new Set(receiver.attempts).size === ORDERS, 20_000);
    await first.stop('SIGKILL');
    expect(receiver.deliveries).toEqual([]);

    // 2. The receiver is back: two deliveries go through, the rest hang past our timeout while the
    //    server is stopped gracefully (SIGTERM) in the middle of them.
    let answered = 0;
    receiver.respond = async () => {
      answered += 1;
      await sleep(answered <= 2 ? 100 : 4_000);
      return 204;
    };
    const second = await spawnServer(env);
    cleanups.push(() => second.stop('SIGKILL'));
    await eventually(async () => receiver.deliveries.length >= 2, 30_000);
    await second.stop('SIGTERM');
    expect(receiver.deliveries.length).toBeLessThan(ORDERS);

    // 3. A third start delivers the rest.
    receiver.respond = () => 204;
    const third = await spawnServer(env);
    cleanups.push(() => third.stop('SIGKILL'));
    await eventually(async () => receiver.deliveries.length >= ORDERS, 30_000);
    await sleep(1_000); // room for a duplicate to show up, if there were one
    await third.stop('SIGTERM');

    const outbox = await engine.outbox();
    expect(outbox).toHaveLength(ORDERS);
    expect(outbox.every((row) => row.done)).toBe(true);
    const delivered = receiver.deliveries.map((d) => d.id);
    expect(delivered.sort()).toEqual(outbox.map((row) => row.id).sort());
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(receiver.deliveries.every((d) => d.verified && d.type === 'group.created')).toBe(true);
  });
});
