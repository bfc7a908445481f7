import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CORP, simControl, startSimulator, type StartedSimulator } from '@kequn/wecom-sim';
import { WecomClient } from './wecom-client';

let sim: StartedSimulator;
let control: ReturnType<typeof simControl>;
const sleeps: number[] = [];
const calls: string[] = [];

const client = (baseUrl = sim.url, timeoutMs = 2_000) =>
  new WecomClient({
    baseUrl,
    timeoutMs,
    retryBaseDelayMs: 100,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 1,
    onCall: (api, result) => calls.push(`${api}:${result}`),
  });

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  control = simControl(sim.url);
});
afterAll(() => sim.close());
beforeEach(async () => {
  await control.reset();
  sleeps.length = 0;
  calls.length = 0;
});

describe('WecomClient', () => {
  it('gets a token and both tickets with their TTLs', async () => {
    const c = client();
    const { accessToken, expiresInSec } = await c.getAccessToken(DEMO_CORP.corpId, DEMO_CORP.secret);
    expect(expiresInSec).toBe(7200);
    expect((await c.getCorpTicket(accessToken)).ticket).toBeTruthy();
    expect((await c.getAgentTicket(accessToken)).ticket).toBeTruthy();
    expect(calls).toEqual(['gettoken:ok', 'get_jsapi_ticket:ok', 'ticket_agent_config:ok']);
  });

  it('retries -1 (busy) with growing, jittered delays and then succeeds', async () => {
    await control.injectFault({ path: '/cgi-bin/gettoken', errcode: -1, times: 2 });
    await client().getAccessToken(DEMO_CORP.corpId, DEMO_CORP.secret);
    expect(calls).toEqual(['gettoken:-1', 'gettoken:-1', 'gettoken:ok']);
    expect(sleeps).toEqual([100, 200]);
  });

  it('gives up after 3 retries of HTTP 5xx with a 503-class error', async () => {
    await control.injectFault({ path: '/cgi-bin/gettoken', httpStatus: 502 });
    const err = await client()
      .getAccessToken(DEMO_CORP.corpId, DEMO_CORP.secret)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'wecom_unreachable', httpStatus: 503, retryable: true });
    expect((await control.calls())['/cgi-bin/gettoken']).toBe(4);
  });

  it('does not retry a wrong secret, and says how to fix it without echoing it', async () => {
    const err = await client()
      .getAccessToken(DEMO_CORP.corpId, 'wrong-secret-value-123456')
      .catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ code: 'wecom_invalid_secret', kind: 'config', errcode: 40001, httpStatus: 502 });
    expect((err as unknown as { fix: string }).fix).toMatch(/WECOM_SECRET/);
    expect(JSON.stringify(err) + (err as Error).message).not.toContain('wrong-secret-value');
    expect(calls).toEqual(['gettoken:40001']);
  });

  it('does not retry quota errors (45009)', async () => {
    await control.injectFault({ path: '/cgi-bin/ticket/get', errcode: 45009 });
    const c = client();
    const { accessToken } = await c.getAccessToken(DEMO_CORP.corpId, DEMO_CORP.secret);
    await expect(c.getAgentTicket(accessToken)).rejects.toMatchObject({
      code: 'wecom_quota_exceeded',
      httpStatus: 503,
    });
    expect(calls.filter((c) => c.startsWith('ticket_agent_config'))).toEqual(['ticket_agent_config:45009']);
  });

  it('times out slow answers and never puts the token or secret in the error', async () => {
    await control.injectFault({ path: '/cgi-bin/gettoken', latencyMs: 400 });
    const err = (await client(sim.url, 100)
      .getAccessToken(DEMO_CORP.corpId, DEMO_CORP.secret)
      .catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ code: 'wecom_unreachable' });
    expect(err.message).toMatch(/ECONNABORTED|ETIMEDOUT/);
    expect(`${err.message}${JSON.stringify(err)}${err.stack}`).not.toContain(DEMO_CORP.secret);
    expect(sleeps).toHaveLength(3);
  });

  it('reports an unreachable host as a transport error', async () => {
    await expect(client('http://127.0.0.1:9').getAccessToken('ww', 's')).rejects.toMatchObject({
      code: 'wecom_unreachable',
      httpStatus: 503,
    });
  });

  it('refuses an errcode-0 answer without a value or lifetime instead of handing back undefined', async () => {
    // A proxy or stub in front of WeCom that answers {} (or a ticket without expires_in).
    const replies = [{}, { errcode: 0, ticket: 't', expires_in: 'soon' }];
    const stub = createServer((_req, res) => res.end(JSON.stringify(replies.shift() ?? {})));
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const c = client(`http://127.0.0.1:${(stub.address() as AddressInfo).port}`);
    try {
      await expect(c.getAccessToken('ww', 's')).rejects.toMatchObject({ code: 'wecom_unreachable' });
      await expect(c.getCorpTicket('token')).rejects.toMatchObject({ code: 'wecom_unreachable' });
    } finally {
      await new Promise((resolve) => stub.close(resolve));
    }
  });

  it('tells members from non-members in auth/getuserinfo and rejects a bad code', async () => {
    const c = client();
    const { accessToken } = await c.getAccessToken(DEMO_CORP.corpId, DEMO_CORP.secret);
    await expect(c.getUserInfo(accessToken, 'not-a-code')).rejects.toMatchObject({ code: 'wecom_invalid_code' });
  });
});
