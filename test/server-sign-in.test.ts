// Sign-in and sessions under abuse: a replayed OAuth state never reaches WeCom twice, the callback
// is rate limited per client address (TRUST_PROXY decides which), sessions end on logout, by the
// business system and when WeCom reports the person deleted; metrics need their token; HSTS
// only on https answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookiePair, eventually, startHarness, type Harness } from '../apps/server/src/testing/harness';

const METRICS_TOKEN = 'metrics-token-0123456789';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { TRUST_PROXY: 'loopback', METRICS_TOKEN } });
});
afterAll(() => h?.close());

/** /auth/wecom/start as a browser behind the proxy at `ip`: the state and its cookie. */
async function startSignIn(ip = '203.0.113.1'): Promise<{ state: string; cookie: string }> {
  const start = await fetch(`${h.base}/auth/wecom/start?next=/`, {
    redirect: 'manual',
    headers: { 'x-forwarded-for': ip },
  });
  const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
  return { state, cookie: cookiePair(start, 'kequn_oauth') };
}

const callback = (state: string, stateCookie: string, code: string, ip: string) =>
  fetch(`${h.base}/auth/wecom/callback?code=${code}&state=${state}`, {
    redirect: 'manual',
    headers: { cookie: stateCookie, 'x-forwarded-for': ip },
  });

const me = (cookie: string) => fetch(`${h.base}/api/me`, { headers: { cookie } }).then((r) => r.status);

describe('the OAuth state', () => {
  it('is used once: 200 replays with random codes cost one getuserinfo call, then the limit answers 429', async () => {
    const { state, cookie } = await startSignIn('203.0.113.7');
    await h.control.resetCalls();
    const codes: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const res = await callback(state, cookie, `random${i}x${Math.random().toString(36).slice(2)}`, '203.0.113.7');
      codes.push(res.status);
      await res.arrayBuffer();
    }
    expect((await h.control.calls())['/cgi-bin/auth/getuserinfo'] ?? 0).toBe(1);
    expect(codes.filter((s) => s === 429).length).toBeGreaterThan(100);
    expect(codes.every((s) => s === 400 || s === 429)).toBe(true);
    // Another address behind the trusted proxy has its own count: its sign-in works.
    const other = await startSignIn('198.51.100.9');
    const again = await callback(other.state, other.cookie, 'invented', '198.51.100.9');
    expect(again.status).toBe(400); // refused as an invalid code by WeCom, not by the limit
    expect(again.headers.get('x-error-code')).toBe('invalid_code');
  });
});

describe('sessions', () => {
  it('end on every device at logout', async () => {
    const phone = await h.signIn('lisi');
    const desktop = await h.signIn('lisi');
    expect([await me(phone.cookie), await me(desktop.cookie)]).toEqual([200, 200]);
    const out = await fetch(`${h.base}/auth/logout`, {
      method: 'POST',
      headers: { cookie: phone.cookie, origin: h.base },
    });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((c) => c.startsWith('kequn_session=;'))).toBe(true);
    expect([await me(phone.cookie), await me(desktop.cookie)]).toEqual([401, 401]);
    const back = await h.signIn('lisi');
    expect(await me(back.cookie)).toBe(200);
  });

  it('end when the business system revokes them, or WeCom reports the person deleted', async () => {
    const wangwu = await h.signIn('wangwu');
    expect((await h.business('DELETE', '/api/v1/staff/wangwu/sessions')).status).toBe(204);
    expect(await me(wangwu.cookie)).toBe(401);
    expect((await h.business('DELETE', '/api/v1/staff/not%20an%20id/sessions')).status).toBe(400);

    const zhaoliu = await h.signIn('zhaoliu');
    expect(await me(zhaoliu.cookie)).toBe(200);
    await h.control.resignStaff('zhaoliu');
    await eventually(async () => (await me(zhaoliu.cookie)) === 401);
  });
});

describe('metrics and readiness', () => {
  it('need METRICS_TOKEN for metrics and details; /healthz and the readiness status stay open', async () => {
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${h.base}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } });
    expect(wrong.status).toBe(401);
    const metrics = await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('kequn_http_request_duration_seconds');
    const open = await eventually(async () => {
      const res = await fetch(`${h.base}/readyz`);
      return res.status === 200 && ((await res.json()) as Record<string, unknown>);
    });
    expect(open).toEqual({ status: 'ready' });
    const detailed = await fetch(`${h.base}/readyz`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(await detailed.json()).toMatchObject({ status: 'ready', mode: 'wecom', credentials: expect.any(Array) });
  });
});

describe('HSTS', () => {
  it('is sent on https answers only, as the trusted proxy reports the scheme', async () => {
    const url = encodeURIComponent(`${h.base}/orders/A-1`);
    for (const path of ['/healthz', `/api/jssdk/signatures?url=${url}`]) {
      const plain = await fetch(`${h.base}${path}`);
      const https = await fetch(`${h.base}${path}`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(plain.headers.get('strict-transport-security')).toBeNull();
      expect(https.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    }
  });
});
