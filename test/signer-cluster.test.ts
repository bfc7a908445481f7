// Several real server processes sharing one Redis, against the simulator playing WeCom.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CACHE_POLICY, RedisStore } from '@kequn/wecom';
import { DEMO_CORP, simControl, startSimulator, type StartedSimulator } from '@kequn/wecom-sim';
import { spawnServer, waitUntil, type ServerProcess } from './support/processes';
import { PAGE_ORIGIN, realCorpEnv, signaturesPath } from './support/signer-env';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/4';
const KEY = `kequn:wecom:${DEMO_CORP.corpId}:${DEMO_CORP.agentId}`;

let sim: StartedSimulator;
let control: ReturnType<typeof simControl>;
let redis: Redis;
let servers: ServerProcess[] = [];

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// Instances of one deployment share one Redis and one PostgreSQL.
const spawn = () => spawnServer(realCorpEnv(sim.url, { REDIS_URL, DATABASE_URL }));
const spawnMany = async (n: number) => {
  const started = await Promise.all(Array.from({ length: n }, spawn));
  servers.push(...started);
  return started;
};
const burst = (targets: ServerProcess[], perServer: number) =>
  Promise.all(
    targets.flatMap((s) =>
      Array.from({ length: perServer }, (_, i) =>
        fetch(`${s.url}${signaturesPath(`${PAGE_ORIGIN}/orders/${i}`)}`).then((r) => r.status),
      ),
    ),
  );
const ticketsCached = async () => (await redis.exists(`${KEY}:corpTicket`, `${KEY}:agentTicket`)) > 0;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, trustedOrigins: [PAGE_ORIGIN] });
  control = simControl(sim.url);
  redis = new Redis(REDIS_URL);
});
beforeEach(async () => {
  await redis.flushdb();
  await control.reset();
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  servers = [];
});
afterAll(async () => {
  await redis.quit();
  await sim.close();
});

describe('signer cluster over one Redis', { timeout: 60_000 }, () => {
  it('3 instances x 300 concurrent cold requests fetch exactly 1 token, 1 corp ticket and 1 agent ticket', async () => {
    // A slow gettoken keeps every instance cold until the burst has arrived.
    await control.injectFault({ path: '/cgi-bin/gettoken', latencyMs: 4_000, times: 1 });
    const cluster = await spawnMany(3);
    expect(await ticketsCached()).toBe(false);
    const statuses = await burst(cluster, 300);
    expect(statuses.filter((s) => s === 200)).toHaveLength(900);
    expect(await control.calls()).toMatchObject({
      '/cgi-bin/gettoken': 1,
      '/cgi-bin/get_jsapi_ticket': 1,
      '/cgi-bin/ticket/get': 1,
    });
  });

  it('does not stall the others past the lease when the lock holder dies mid-refresh', async () => {
    await control.injectFault({ path: '/cgi-bin/gettoken', latencyMs: 30_000, times: 1 });
    const [holder] = await spawnMany(1);
    // Killed only once its gettoken reached WeCom: otherwise the slow answer meant for it would
    // still be armed and hit the instance that takes over.
    await waitUntil(async () => (await control.calls())['/cgi-bin/gettoken'] === 1, 10_000);
    expect(await redis.exists(`${KEY}:token:lease`)).toBe(1);
    await holder!.stop('SIGKILL');
    const leaseLeftMs = await redis.pttl(`${KEY}:token:lease`);
    expect(leaseLeftMs).toBeGreaterThan(0);
    expect(leaseLeftMs).toBeLessThanOrEqual(DEFAULT_CACHE_POLICY.leaseMs);

    const others = await spawnMany(2);
    const started = Date.now();
    const statuses = await burst(others, 50);
    const waitedMs = Date.now() - started;
    expect(statuses.every((s) => s === 200)).toBe(true);
    // The lease bounds the wait; the slack covers one fetch and a busy 2-core CI machine.
    expect(waitedMs).toBeLessThanOrEqual(DEFAULT_CACHE_POLICY.leaseMs + 3_000);
    const calls = await control.calls();
    expect(calls['/cgi-bin/gettoken']).toBe(2); // the dead holder's and one take-over
    expect(calls).toMatchObject({ '/cgi-bin/get_jsapi_ticket': 1, '/cgi-bin/ticket/get': 1 });
  });

  it('replaces a token revoked upstream (40014) with one refresh and no failed signature request', async () => {
    const token = (await (
      await fetch(`${sim.url}/cgi-bin/gettoken?corpid=${DEMO_CORP.corpId}&corpsecret=${DEMO_CORP.secret}`)
    ).json()) as { access_token: string };
    // Another instance cached this token earlier; WeCom has since revoked it.
    await new RedisStore(redis).put(`${KEY}:token`, {
      value: token.access_token,
      obtainedAt: Date.now(),
      expiresAt: Date.now() + 3_600_000,
    });
    await control.revoke(token.access_token);
    await control.resetCalls();

    const cluster = await spawnMany(3);
    const statuses = await burst(cluster, 100);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const calls = await control.calls();
    expect(calls['/cgi-bin/gettoken']).toBe(1);
    // Each ticket: one refusal with the revoked token, one success with the new one.
    expect(calls).toMatchObject({ '/cgi-bin/get_jsapi_ticket': 2, '/cgi-bin/ticket/get': 2 });
    const stored = await new RedisStore(redis).get(`${KEY}:token`);
    expect(stored?.value).not.toBe(token.access_token);
  });
});
