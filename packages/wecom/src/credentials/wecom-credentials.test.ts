import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CORP, simControl, startSimulator, type StartedSimulator } from '@kequn/wecom-sim';
import { WecomClient } from '../client/wecom-client';
import { MemoryStore } from '@kequn/upstream';
import { createFakeClock } from '@kequn/upstream/testing';
import { WecomCredentials } from './wecom-credentials';

let sim: StartedSimulator;
let control: ReturnType<typeof simControl>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  control = simControl(sim.url);
});
afterAll(() => sim.close());
beforeEach(() => control.reset());

function credentials(secret: string = DEMO_CORP.secret) {
  const clock = createFakeClock();
  const client = new WecomClient({ baseUrl: sim.url, sleep: async () => {}, retryBaseDelayMs: 1 });
  const creds = new WecomCredentials({
    app: { corpId: DEMO_CORP.corpId, agentId: DEMO_CORP.agentId, secret },
    client,
    store: new MemoryStore(clock),
    clock,
    sleep: clock.sleep,
  });
  return { creds, clock };
}

describe('WecomCredentials against the simulator', () => {
  it('fetches one token for both tickets and counts every upstream fetch for the quota', async () => {
    const { creds } = credentials();
    await Promise.all([creds.getCorpTicket(), creds.getAgentTicket(), creds.getCorpTicket()]);
    expect(await control.calls()).toMatchObject({
      '/cgi-bin/gettoken': 1,
      '/cgi-bin/get_jsapi_ticket': 1,
      '/cgi-bin/ticket/get': 1,
    });
    const once = { token: 1, corpTicket: 1, agentTicket: 1 };
    expect(creds.quota.snapshot()).toEqual({ app: once, corp: once });
  });

  it('replaces a token revoked upstream (40014) with one refresh and retries the call once', async () => {
    const { creds } = credentials();
    const old = await creds.accessToken();
    await control.revoke(old);
    await control.resetCalls();
    const ticket = await creds.getCorpTicket();
    expect(ticket).toBeTruthy();
    expect(await creds.accessToken()).not.toBe(old);
    expect(await control.calls()).toMatchObject({ '/cgi-bin/gettoken': 1, '/cgi-bin/get_jsapi_ticket': 2 });
  });

  it('retries only once when even the fresh token is refused', async () => {
    const { creds } = credentials();
    await creds.accessToken();
    await control.injectFault({ path: '/cgi-bin/get_jsapi_ticket', errcode: 40014 });
    await expect(creds.getCorpTicket()).rejects.toMatchObject({ code: 'wecom_invalid_token' });
    expect((await control.calls())['/cgi-bin/get_jsapi_ticket']).toBe(2);
  });

  it('fails fast on a wrong secret and does not call WeCom again during the hold', async () => {
    const { creds, clock } = credentials('a-wrong-secret-0000000000');
    for (let i = 0; i < 5; i++) {
      await expect(creds.getAgentTicket()).rejects.toMatchObject({ code: 'wecom_invalid_secret', kind: 'config' });
    }
    expect((await control.calls())['/cgi-bin/gettoken']).toBe(1);
    expect(creds.status().find((s) => s.kind === 'token')).toMatchObject({
      cached: false,
      lastError: 'wecom_invalid_secret',
    });
    clock.advance(30_000);
    await expect(creds.getAgentTicket()).rejects.toMatchObject({ code: 'wecom_invalid_secret' });
    expect((await control.calls())['/cgi-bin/gettoken']).toBe(2);
  });

  it('reports the hourly quota error without retrying and keeps serving a valid ticket', async () => {
    const { creds, clock } = credentials();
    const ticket = await creds.getAgentTicket();
    await control.injectFault({ path: '/cgi-bin/ticket/get', errcode: 45009 });
    clock.advance(7200_000 - 5 * 60_000 - 9 * 60_000); // inside the refresh-ahead window
    expect(await creds.getAgentTicket()).toBe(ticket);
    await new Promise((r) => setTimeout(r, 50));
    expect(await creds.getAgentTicket()).toBe(ticket);
    expect((await control.calls())['/cgi-bin/ticket/get']).toBe(2);
  });
});
