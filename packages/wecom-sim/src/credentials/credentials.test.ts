import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../app';
import { DEMO_CORP } from '../corp/config';
import { cgiGet, testSimulator, tokenFor } from '../test-helpers';

let sim: Simulator;
beforeEach(() => {
  sim = testSimulator();
});

const gettoken = (query: Record<string, string>) => cgiGet(sim, '/gettoken', query);

describe('gettoken', () => {
  it('returns the same token within 7200 s, always with expires_in 7200', async () => {
    const first = await gettoken({ corpid: DEMO_CORP.corpId, corpsecret: DEMO_CORP.secret });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    sim.clock.advance(7000 * 1000);
    const again = await gettoken({ corpid: DEMO_CORP.corpId, corpsecret: DEMO_CORP.secret });
    expect(again.body.access_token).toBe(first.body.access_token);
    expect(again.body.expires_in).toBe(7200);
  });

  it('issues a new token after expiry; the old one then answers 42001', async () => {
    const old = await tokenFor(sim);
    sim.clock.advance(7200 * 1000);
    const fresh = await tokenFor(sim);
    expect(fresh).not.toBe(old);
    const withOld = await cgiGet(sim, '/get_jsapi_ticket', { access_token: old });
    expect(withOld.body.errcode).toBe(42001);
    const withFresh = await cgiGet(sim, '/get_jsapi_ticket', { access_token: fresh });
    expect(withFresh.body.errcode).toBe(0);
  });

  it('keeps one token per app', async () => {
    const main = await tokenFor(sim);
    const other = await tokenFor(sim, DEMO_CORP.otherApps[0]?.secret);
    expect(other).not.toBe(main);
  });

  it.each([
    [{ corpid: DEMO_CORP.corpId, corpsecret: 'wrong' }, 40001],
    [{ corpid: 'wwunknown', corpsecret: DEMO_CORP.secret }, 40013],
    [{ corpsecret: DEMO_CORP.secret }, 41002],
    [{ corpid: DEMO_CORP.corpId }, 41004],
  ])('rejects %o with %i over HTTP 200', async (query, errcode) => {
    const res = await gettoken(query);
    expect(res.status).toBe(200);
    expect(res.body.errcode).toBe(errcode);
    expect(res.body.errmsg).toContain(`e=${errcode}`);
    expect(res.body.access_token).toBeUndefined();
  });
});

describe('token checks', () => {
  it('answers 41001 without a token and 40014 for an unknown or revoked one', async () => {
    expect((await cgiGet(sim, '/get_jsapi_ticket', {})).body.errcode).toBe(41001);
    expect((await cgiGet(sim, '/get_jsapi_ticket', { access_token: 'nope' })).body.errcode).toBe(40014);
    const token = await tokenFor(sim);
    const revoked = await request(sim.app).post('/__sim/tokens/revoke').send({ accessToken: token });
    expect(revoked.body).toEqual({ revoked: 1 });
    expect((await cgiGet(sim, '/get_jsapi_ticket', { access_token: token })).body.errcode).toBe(40014);
    expect(await tokenFor(sim)).not.toBe(token);
  });

  it('revokes every current token when none is named', async () => {
    const main = await tokenFor(sim);
    await tokenFor(sim, DEMO_CORP.otherApps[0]?.secret);
    expect((await request(sim.app).post('/__sim/tokens/revoke').send({})).body).toEqual({ revoked: 2 });
    expect((await cgiGet(sim, '/get_jsapi_ticket', { access_token: main })).body.errcode).toBe(40014);
  });
});

describe('tickets', () => {
  it('returns the same corp and agent ticket within validity and new ones after expiry', async () => {
    const token = await tokenFor(sim);
    const corp1 = await cgiGet(sim, '/get_jsapi_ticket', { access_token: token });
    const agent1 = await cgiGet(sim, '/ticket/get', { access_token: token, type: 'agent_config' });
    expect(corp1.body).toMatchObject({ errcode: 0, expires_in: 7200 });
    expect(agent1.body).toMatchObject({ errcode: 0, expires_in: 7200 });
    expect(agent1.body.ticket).not.toBe(corp1.body.ticket);
    const agent2 = await cgiGet(sim, '/ticket/get', { access_token: token, type: 'agent_config' });
    expect(agent2.body.ticket).toBe(agent1.body.ticket);
    sim.clock.advance(7201 * 1000);
    const token2 = await tokenFor(sim);
    const agent3 = await cgiGet(sim, '/ticket/get', { access_token: token2, type: 'agent_config' });
    expect(agent3.body.ticket).not.toBe(agent1.body.ticket);
  });

  it('rejects an unknown ticket type with 91040', async () => {
    const token = await tokenFor(sim);
    expect((await cgiGet(sim, '/ticket/get', { access_token: token, type: 'jsapi' })).body.errcode).toBe(91040);
  });

  it('allows 100 agent-ticket fetches per app per hour, then answers 45009', async () => {
    const token = await tokenFor(sim);
    for (let i = 0; i < 100; i += 1) {
      const res = await cgiGet(sim, '/ticket/get', { access_token: token, type: 'agent_config' });
      expect(res.body.errcode).toBe(0);
    }
    const over = await cgiGet(sim, '/ticket/get', { access_token: token, type: 'agent_config' });
    expect(over.body.errcode).toBe(45009);
    // The corp ticket has its own (corp-wide, 400/h) budget, and another app its own 100.
    expect((await cgiGet(sim, '/get_jsapi_ticket', { access_token: token })).body.errcode).toBe(0);
    const other = await tokenFor(sim, DEMO_CORP.otherApps[0]?.secret);
    expect((await cgiGet(sim, '/ticket/get', { access_token: other, type: 'agent_config' })).body.errcode).toBe(0);
    // The window rolls: an hour later the app may fetch again.
    sim.clock.advance(3600 * 1000);
    const later = await tokenFor(sim);
    expect((await cgiGet(sim, '/ticket/get', { access_token: later, type: 'agent_config' })).body.errcode).toBe(0);
  });
});
