import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../app';
import { DEMO_CORP } from '../corp/config';
import { DEMO_CUSTOMER_IDS as C } from '../corp/demo-seed';
import { cgiGet, testSimulator, tokenFor } from '../test-helpers';

let sim: Simulator;
let token: string;
beforeEach(async () => {
  sim = testSimulator();
  token = await tokenFor(sim);
});

const authorizeQuery = {
  appid: DEMO_CORP.corpId,
  redirect_uri: 'http://localhost:5173/auth/callback?next=%2Forders',
  response_type: 'code',
  scope: 'snsapi_base',
  state: 'abc123',
  agentid: DEMO_CORP.agentId,
};

async function authorize(query: Record<string, string> = authorizeQuery) {
  return request(sim.app).get('/connect/oauth2/authorize').query(query);
}

async function codeFromRedirect(): Promise<string> {
  const res = await authorize();
  expect(res.status).toBe(302);
  const location = new URL(res.headers.location as string);
  expect(location.origin + location.pathname).toBe('http://localhost:5173/auth/callback');
  expect(location.searchParams.get('next')).toBe('/orders');
  expect(location.searchParams.get('state')).toBe('abc123');
  return location.searchParams.get('code') ?? '';
}

const userinfo = (code: string) => cgiGet(sim, '/auth/getuserinfo', { access_token: token, code });

describe('OAuth', () => {
  it('redirects with a code for the signed-in staff member (zhangsan by default)', async () => {
    const code = await codeFromRedirect();
    expect((await userinfo(code)).body).toEqual({ errcode: 0, errmsg: 'ok', userid: 'zhangsan' });
  });

  it('makes codes single use', async () => {
    const code = await codeFromRedirect();
    expect((await userinfo(code)).body.errcode).toBe(0);
    expect((await userinfo(code)).body.errcode).toBe(40029);
  });

  it('expires codes after 5 minutes of simulator time', async () => {
    const fresh = await codeFromRedirect();
    sim.clock.advance(299 * 1000);
    expect((await userinfo(fresh)).body.userid).toBe('zhangsan');
    const stale = await codeFromRedirect();
    sim.clock.advance(300 * 1000);
    token = await tokenFor(sim);
    expect((await userinfo(stale)).body.errcode).toBe(40029);
  });

  it('answers 40029 for an unknown code and 41008 without one', async () => {
    expect((await userinfo('nope')).body.errcode).toBe(40029);
    expect((await cgiGet(sim, '/auth/getuserinfo', { access_token: token })).body.errcode).toBe(41008);
  });

  it('signs in whoever the control API says, members and non-members', async () => {
    await request(sim.app).post('/__sim/session').send({ userId: 'lisi' }).expect(200);
    expect((await userinfo(await codeFromRedirect())).body.userid).toBe('lisi');
    await request(sim.app).post('/__sim/session').send({ openid: 'oAbc123', externalUserId: C.linMeihua }).expect(200);
    const guest = (await userinfo(await codeFromRedirect())).body;
    expect(guest).toEqual({ errcode: 0, errmsg: 'ok', openid: 'oAbc123', external_userid: C.linMeihua });
    expect(guest.userid).toBeUndefined();
    expect((await request(sim.app).post('/__sim/session').send({ userId: 'ghost' })).status).toBe(400);
  });

  it.each([
    ['a foreign appid', { appid: 'wwother' }],
    ['a wrong scope', { scope: 'snsapi_userinfo' }],
    ['a wrong response_type', { response_type: 'token' }],
    ['an unknown agentid', { agentid: '42' }],
    ['a state with symbols', { state: 'a&b' }],
    ['an untrusted redirect_uri', { redirect_uri: 'https://evil.example/cb' }],
  ])('shows an HTML error page (400) for %s', async (_label, override) => {
    const res = await authorize({ ...authorizeQuery, ...override });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
