import express from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../app';
import { DEMO_CORP } from '../corp/config';
import { cgiGet, testSimulator, tokenFor } from '../test-helpers';

let sim: Simulator;
let token: string;
beforeEach(async () => {
  sim = testSimulator();
  token = await tokenFor(sim);
});

const loginQuery = {
  login_type: 'CorpApp',
  appid: DEMO_CORP.corpId,
  agentid: DEMO_CORP.agentId,
  redirect_uri: 'http://localhost:5174/admin/login/callback?next=%2Forders',
  state: 'web_login@gyoss9',
};

const page = (query: Record<string, string> = loginQuery) => request(sim.app).get('/wwlogin/sso/login').query(query);

/** The href of a pick link on the page, by element id. */
function linkOf(html: string, id: string): string {
  const href = new RegExp(`id="${id}"[^>]*href="([^"]+)"`).exec(html)?.[1] ?? '';
  return href.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
}

const userinfo = (code: string) => cgiGet(sim, '/auth/getuserinfo', { access_token: token, code });

describe('WeCom web login (/wwlogin/sso/login)', () => {
  it('offers the signed-in member and the others; picking one redirects with code and state', async () => {
    const res = await page();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('以 张三 身份登录');
    expect(res.text).toContain('李四（扫码）');
    const href = linkOf(res.text, 'sim-login-session');
    expect(href.startsWith('?')).toBe(true);
    const done = await request(sim.app).get(`/wwlogin/sso/login${href}`);
    expect(done.status).toBe(302);
    const location = new URL(done.headers.location as string);
    expect(location.origin + location.pathname).toBe('http://localhost:5174/admin/login/callback');
    expect(location.searchParams.get('next')).toBe('/orders');
    expect(location.searchParams.get('state')).toBe('web_login@gyoss9');
    const code = location.searchParams.get('code') ?? '';
    expect((await userinfo(code)).body).toEqual({ errcode: 0, errmsg: 'ok', userid: 'zhangsan' });
    expect((await userinfo(code)).body.errcode).toBe(40029);
  });

  it('signs in another member who "scans", and refuses resigned or unknown ones', async () => {
    const res = await page();
    const done = await request(sim.app).get(`/wwlogin/sso/login${linkOf(res.text, 'sim-login-wangwu')}`);
    const code = new URL(done.headers.location as string).searchParams.get('code') ?? '';
    expect((await userinfo(code)).body.userid).toBe('wangwu');
    await request(sim.app).post('/__sim/staff/lisi/resign').expect(200);
    expect((await page()).text).not.toContain('李四');
    const resigned = await page({ ...loginQuery, sim_userid: 'lisi' });
    expect(resigned.status).toBe(400);
    expect(resigned.text).toContain('离职');
    expect((await page({ ...loginQuery, sim_userid: 'ghost' })).status).toBe(400);
  });

  it('shows no one-click login when the signed-in person is not a member', async () => {
    await request(sim.app).post('/__sim/session').send({ openid: 'oGuest' }).expect(200);
    const res = await page();
    expect(res.text).toContain('未登录');
    expect(res.text).not.toContain('sim-login-session');
  });

  it.each([
    ['a ServiceApp login', { login_type: 'ServiceApp' }],
    ['a foreign appid', { appid: 'wwother' }],
    ['an unknown agentid', { agentid: '42' }],
    ['an untrusted redirect_uri', { redirect_uri: 'https://evil.example/cb' }],
    ['a state over 128 characters', { state: 'x'.repeat(129) }],
  ])('shows an HTML error page (400) for %s', async (_label, override) => {
    const res = await page({ ...loginQuery, ...override });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it('is counted and faultable like the other platform pages, and works under a mount prefix', async () => {
    await request(sim.app).post('/__sim/faults').send({ path: '/wwlogin/sso/login', errcode: -1, times: 1 });
    expect((await page()).status).toBe(400);
    expect((await request(sim.app).get('/__sim/calls')).body['/wwlogin/sso/login']).toBe(1);
    const outer = express().use('/wecom', sim.app);
    const res = await request(outer).get('/wecom/wwlogin/sso/login').query(loginQuery);
    const done = await request(outer).get(`/wecom/wwlogin/sso/login${linkOf(res.text, 'sim-login-session')}`);
    expect(done.status).toBe(302);
  });
});
