import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FeishuSimulator } from '../app';
import { DEMO_FEISHU } from '../tenant/demo';
import { openApi, tenantToken, testFeishu } from '../test-helpers';

const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';
const fetchToken = (sim: FeishuSimulator, body: object) => request(sim.app).post(TOKEN_PATH).send(body);
const credentials = { app_id: DEMO_FEISHU.appId, app_secret: DEMO_FEISHU.appSecret };

let sim: FeishuSimulator;
beforeEach(() => {
  sim = testFeishu();
});

describe('tenant_access_token/internal', () => {
  it('serves the same token with its remaining lifetime, and counts fetches', async () => {
    const first = await fetchToken(sim, credentials);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ code: 0, msg: 'ok', expire: 7200 });
    expect(first.body.tenant_access_token).toMatch(/^t-[0-9a-f]{40}$/);
    sim.clock.advance(1000 * 1000);
    const again = await fetchToken(sim, credentials);
    expect(again.body.tenant_access_token).toBe(first.body.tenant_access_token);
    expect(again.body.expire).toBe(6200);
    expect(sim.state.calls.snapshot()).toEqual({ [`POST ${TOKEN_PATH}`]: 2 });
    expect(sim.state.tokens.stats()).toMatchObject({ fetches: 2, issued: 1 });
  });

  it('issues a new token with less than 30 minutes left, and both stay valid until they expire', async () => {
    const old = (await fetchToken(sim, credentials)).body.tenant_access_token as string;
    sim.clock.advance((7200 - 1799) * 1000);
    const renewed = await fetchToken(sim, credentials);
    expect(renewed.body.tenant_access_token).not.toBe(old);
    expect(renewed.body.expire).toBe(7200);
    for (const token of [old, renewed.body.tenant_access_token as string]) {
      expect((await openApi(sim, token).get('/im/v1/chats/oc_none')).body.code).toBe(232006);
    }
    sim.clock.advance(1800 * 1000);
    const expired = await openApi(sim, old).get('/im/v1/chats/oc_none');
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe(99991663);
    expect((await openApi(sim, renewed.body.tenant_access_token as string).get('/im/v1/chats/oc_none')).body.code).toBe(
      232006,
    );
  });

  it('refuses a wrong secret (10014), an unknown app or missing fields (10003)', async () => {
    const wrong = await fetchToken(sim, { ...credentials, app_secret: 'not-the-secret' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe(10014);
    expect(wrong.body.tenant_access_token).toBeUndefined();
    expect(JSON.stringify(wrong.body)).not.toContain(DEMO_FEISHU.appSecret);
    expect((await fetchToken(sim, { ...credentials, app_id: 'cli_other' })).body.code).toBe(10003);
    expect((await fetchToken(sim, { app_id: DEMO_FEISHU.appId })).body.code).toBe(10003);
    expect(sim.state.tokens.stats().issued).toBe(0);
  });
});

describe('Authorization: Bearer', () => {
  it('answers HTTP 400 / 99991663 to a missing, unknown or revoked token', async () => {
    const missing = await request(sim.app).get('/open-apis/im/v1/chats/oc_x');
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe(99991663);
    expect(missing.body.error.log_id).toEqual(expect.any(String));
    expect((await openApi(sim, 't-unknown').get('/im/v1/chats/oc_x')).body.code).toBe(99991663);
    const token = await tenantToken(sim);
    await request(sim.app).post('/__feishu-sim/tokens/revoke').send({}).expect(200);
    expect((await openApi(sim, token).get('/im/v1/chats/oc_x')).body.code).toBe(99991663);
    const fresh = await tenantToken(sim);
    expect(fresh).not.toBe(token);
  });

  it('answers a JSON 404 for an endpoint it does not simulate', async () => {
    const token = await tenantToken(sim);
    const res = await openApi(sim, token).get('/contact/v3/users/ou_x');
    expect(res.status).toBe(404);
    expect(res.body.msg).toContain('not simulated');
  });
});
