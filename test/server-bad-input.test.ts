// Bad input to every endpoint: each answer is a 4xx with a clear code, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CORP, DEMO_CUSTOMER_IDS as C } from '@kequn/wecom-sim';
import { SignedValues } from '../apps/server/src/auth/signed-value';
import { API_KEY, cookiePair, SESSION_SECRET, startHarness, type Harness } from '../apps/server/src/testing/harness';

let h: Harness;
let cookie: string;
const ORDER = 'SWEEP-1';

interface Case {
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  code: string;
}

const auth = { authorization: `Bearer ${API_KEY}` };
const json = { 'content-type': 'application/json' };
const validOrder = { title: 't', customer: { mobile: '13800138001' }, staffUserIds: ['zhangsan'] };
const order = (patch: Record<string, unknown>) => JSON.stringify({ ...validOrder, ...patch });
const session = (payload: Record<string, unknown>) =>
  `kequn_session=${new SignedValues(SESSION_SECRET, 'session').sign({ u: 'zhangsan', c: DEMO_CORP.corpId, exp: Date.now() + 60_000, ...payload })}`;

function cases(): Case[] {
  const staff = { cookie, ...json };
  return [
    // Business API: keys
    {
      name: 'no API key',
      method: 'PUT',
      path: `/api/v1/orders/${ORDER}`,
      headers: json,
      body: order({}),
      status: 401,
      code: 'missing_api_key',
    },
    {
      name: 'a wrong API key',
      path: `/api/v1/orders/${ORDER}`,
      headers: { authorization: 'Bearer wrong-key-wrong-key-wrong' },
      status: 401,
      code: 'invalid_api_key',
    },
    {
      name: 'a Basic header',
      path: `/api/v1/orders/${ORDER}`,
      headers: { authorization: `Basic ${API_KEY}` },
      status: 401,
      code: 'missing_api_key',
    },
    {
      name: 'an oversized key',
      path: `/api/v1/orders/${ORDER}`,
      headers: { authorization: `Bearer ${'k'.repeat(5000)}` },
      status: 401,
      code: 'missing_api_key',
    },
    // Business API: body and ids
    {
      name: 'malformed JSON',
      method: 'PUT',
      path: `/api/v1/orders/${ORDER}`,
      headers: { ...auth, ...json },
      body: '{"title": ',
      status: 400,
      code: 'invalid_json',
    },
    {
      name: 'an oversized body',
      method: 'PUT',
      path: `/api/v1/orders/${ORDER}`,
      headers: { ...auth, ...json },
      body: order({ title: 'x'.repeat(40_000) }),
      status: 413,
      code: 'body_too_large',
    },
    {
      name: 'no body',
      method: 'PUT',
      path: `/api/v1/orders/${ORDER}`,
      headers: auth,
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'a JSON array',
      method: 'PUT',
      path: `/api/v1/orders/${ORDER}`,
      headers: { ...auth, ...json },
      body: '[]',
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'a missing title',
      method: 'PUT',
      path: `/api/v1/orders/${ORDER}`,
      headers: { ...auth, ...json },
      body: order({ title: undefined }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'a numeric title',
      method: 'PUT',
      path: `/api/v1/orders/${ORDER}`,
      headers: { ...auth, ...json },
      body: order({ title: 42 }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'an overlong title',
      method: 'PUT',
      path: `/api/v1/orders/${ORDER}`,
      headers: { ...auth, ...json },
      body: order({ title: 't'.repeat(201) }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'a customer without id or mobile',
      method: 'PUT',
      path: `/api/v1/orders/${ORDER}`,
      headers: { ...auth, ...json },
      body: order({ customer: { name: 'x' } }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'a bad mobile',
      method: 'PUT',
      path: `/api/v1/orders/${ORDER}`,
      headers: { ...auth, ...json },
      body: order({ customer: { mobile: 'call me' } }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'no staff',
      method: 'PUT',
      path: `/api/v1/orders/${ORDER}`,
      headers: { ...auth, ...json },
      body: order({ staffUserIds: [] }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'staff ids of the wrong type',
      method: 'PUT',
      path: `/api/v1/orders/${ORDER}`,
      headers: { ...auth, ...json },
      body: order({ staffUserIds: 'zhangsan' }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'an unsupported charset',
      method: 'PUT',
      path: `/api/v1/orders/${ORDER}`,
      headers: { ...auth, 'content-type': 'application/json; charset=latin1' },
      body: order({}),
      status: 415,
      code: 'unsupported_encoding',
    },
    {
      name: 'an order id that is too long',
      method: 'PUT',
      path: `/api/v1/orders/${'A'.repeat(31)}`,
      headers: { ...auth, ...json },
      body: order({}),
      status: 400,
      code: 'invalid_order_id',
    },
    {
      name: 'an order id with spaces',
      path: '/api/v1/orders/a%20b',
      headers: auth,
      status: 400,
      code: 'invalid_order_id',
    },
    {
      name: 'an order id with non-ASCII',
      path: '/api/v1/orders/%E8%AE%A2%E5%8D%95',
      headers: auth,
      status: 400,
      code: 'invalid_order_id',
    },
    { name: 'an unknown order', path: '/api/v1/orders/NOPE', headers: auth, status: 404, code: 'order_not_found' },
    {
      name: 'the QR of an unknown order',
      path: '/api/v1/orders/NOPE/qr.svg',
      headers: auth,
      status: 404,
      code: 'order_not_found',
    },
    {
      name: 'the QR of a bad id',
      path: '/api/v1/orders/a.b/qr.png',
      headers: auth,
      status: 400,
      code: 'invalid_order_id',
    },
    { name: 'an unknown business endpoint', path: '/api/v1/nothing', headers: auth, status: 404, code: 'not_found' },
    // Staff API: session
    { name: 'no session', path: `/api/orders/${ORDER}`, status: 401, code: 'not_signed_in' },
    { name: '/api/me without a session', path: '/api/me', status: 401, code: 'not_signed_in' },
    {
      name: 'an expired session',
      path: '/api/me',
      headers: { cookie: session({ exp: Date.now() - 1 }) },
      status: 401,
      code: 'not_signed_in',
    },
    {
      name: 'a session of another corp',
      path: '/api/me',
      headers: { cookie: session({ c: 'wwAnotherCorp' }) },
      status: 401,
      code: 'not_signed_in',
    },
    {
      name: 'a forged session',
      path: '/api/me',
      headers: { cookie: `${session({})}x` },
      status: 401,
      code: 'not_signed_in',
    },
    {
      name: 'a session signed with another secret',
      path: '/api/me',
      headers: {
        cookie: `kequn_session=${new SignedValues('z'.repeat(40), 'session').sign({ u: 'zhangsan', c: DEMO_CORP.corpId, exp: Date.now() + 60_000 })}`,
      },
      status: 401,
      code: 'not_signed_in',
    },
    // Staff API: orders and groups
    {
      name: 'a staff read of an unknown order',
      path: '/api/orders/NOPE',
      headers: { cookie },
      status: 404,
      code: 'order_not_found',
    },
    {
      name: 'a staff read of a bad id',
      path: '/api/orders/%3Cscript%3E',
      headers: { cookie },
      status: 400,
      code: 'invalid_order_id',
    },
    {
      name: 'a bind with malformed JSON',
      method: 'POST',
      path: `/api/orders/${ORDER}/group`,
      headers: staff,
      body: '{chatId',
      status: 400,
      code: 'invalid_json',
    },
    {
      name: 'a bind without chatId',
      method: 'POST',
      path: `/api/orders/${ORDER}/group`,
      headers: staff,
      body: '{}',
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'a numeric chatId',
      method: 'POST',
      path: `/api/orders/${ORDER}/group`,
      headers: staff,
      body: '{"chatId":7}',
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'an overlong chatId',
      method: 'POST',
      path: `/api/orders/${ORDER}/group`,
      headers: staff,
      body: JSON.stringify({ chatId: 'w'.repeat(129) }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'a chatId with odd characters',
      method: 'POST',
      path: `/api/orders/${ORDER}/group`,
      headers: staff,
      body: '{"chatId":"wr<script>"}',
      status: 400,
      code: 'invalid_chat_id',
    },
    {
      name: 'an oversized bind',
      method: 'POST',
      path: `/api/orders/${ORDER}/group`,
      headers: staff,
      body: JSON.stringify({ chatId: 'x'.repeat(20_000) }),
      status: 413,
      code: 'body_too_large',
    },
    {
      name: 'a bind on an unknown order',
      method: 'POST',
      path: '/api/orders/NOPE/group',
      headers: staff,
      body: '{"chatId":"wrX"}',
      status: 404,
      code: 'order_not_found',
    },
    {
      name: 'an intent with a bad body',
      method: 'POST',
      path: `/api/orders/${ORDER}/group/intent`,
      headers: staff,
      body: '{"externalUserIds":"wm1"}',
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'an intent with a malformed page token',
      method: 'POST',
      path: `/api/orders/${ORDER}/group/intent`,
      headers: staff,
      body: '{"token":"short"}',
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'giving a lease back with a repeated token',
      method: 'DELETE',
      path: `/api/orders/${ORDER}/group/intent?token=page-token-0123456789&token=page-token-9876543210`,
      headers: staff,
      status: 400,
      code: 'invalid_query',
    },
    {
      name: 'a lookup with both keys',
      method: 'GET',
      path: '/api/orders?chatId=wrA&externalUserId=wmB',
      headers: staff,
      status: 400,
      code: 'invalid_lookup',
    },
    {
      name: 'a write from another site',
      method: 'POST',
      path: `/api/orders/${ORDER}/group/intent`,
      headers: { ...staff, origin: 'https://evil.example.com' },
      body: '{}',
      status: 403,
      code: 'cross_origin',
    },
    {
      name: 'a write from a sandboxed frame',
      method: 'POST',
      path: `/api/orders/${ORDER}/group`,
      headers: { ...staff, origin: 'null' },
      body: '{"chatId":"wrX"}',
      status: 403,
      code: 'cross_origin',
    },
    // Sign-in
    ...[
      '//evil.example.com/x',
      'https://evil.example.com/',
      '/\\evil.example.com',
      'orders/1',
      'javascript:alert(1)',
    ].map((next) => ({
      name: `a foreign next ${next}`,
      path: `/auth/wecom/start?next=${encodeURIComponent(next)}`,
      status: 400,
      code: 'invalid_next',
    })),
    { name: 'a repeated next', path: '/auth/wecom/start?next=/a&next=/b', status: 400, code: 'invalid_next' },
    {
      name: 'a callback without the state cookie',
      path: '/auth/wecom/callback?code=abc&state=abc',
      status: 400,
      code: 'invalid_state',
    },
    {
      name: 'a callback with an odd state',
      path: '/auth/wecom/callback?code=abc&state=%3Cx%3E',
      status: 400,
      code: 'invalid_state',
    },
    // Callbacks
    {
      name: 'a callback push without signature',
      method: 'POST',
      path: '/callbacks/wecom',
      body: '<xml/>',
      status: 401,
      code: 'invalid_signature',
    },
    {
      name: 'a verification without echostr',
      path: `/callbacks/wecom?msg_signature=${'a'.repeat(40)}&timestamp=1&nonce=2`,
      status: 400,
      code: 'invalid_request',
    },
    // Malformed URLs
    {
      name: 'a broken percent-escape in a business path',
      path: '/api/v1/orders/%E0%A4%A',
      headers: auth,
      status: 400,
      code: 'bad_request',
    },
    { name: 'a broken percent-escape in a page path', path: '/orders/%ZZ', status: 400, code: 'bad_request' },
    { name: 'a broken percent-escape in next', path: '/auth/wecom/start?next=%', status: 400, code: 'invalid_next' },
    // Pages
    { name: 'a page of a bad order id', path: '/orders/%2E%2E%2Fetc', status: 404, code: 'not_found' },
  ];
}

async function send(c: Case): Promise<{ status: number; code: string | null }> {
  const res = await fetch(`${h.base}${c.path}`, {
    method: c.method ?? 'GET',
    headers: c.headers ?? {},
    body: c.body,
    redirect: 'manual',
  });
  const text = await res.text();
  const header = res.headers.get('x-error-code');
  if (header) return { status: res.status, code: header };
  try {
    return { status: res.status, code: (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null };
  } catch {
    return { status: res.status, code: null };
  }
}

beforeAll(async () => {
  h = await startHarness({ engine: 'postgres' });
  cookie = (await h.signIn('zhangsan')).cookie;
  expect((await h.business('PUT', `/api/v1/orders/${ORDER}`, validOrder)).status).toBe(201);
});
afterAll(() => h?.close());

describe('bad input', () => {
  it('gets a 4xx with a clear code from every endpoint, never a 500', async () => {
    const results = [];
    for (const c of cases()) results.push({ name: c.name, expected: `${c.status} ${c.code}`, got: await send(c) });
    const wrong = results.filter((r) => `${r.got.status} ${r.got.code}` !== r.expected);
    expect(wrong).toEqual([]);
  });

  it('refuses a used or invented OAuth code with a page, and gives no session', async () => {
    const start = await fetch(`${h.base}/auth/wecom/start?next=/`, { redirect: 'manual' });
    const stateCookie = cookiePair(start, 'kequn_oauth');
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state');
    const res = await fetch(`${h.base}/auth/wecom/callback?code=invented-code&state=${state}`, {
      redirect: 'manual',
      headers: { cookie: stateCookie },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-error-code')).toBe('invalid_code');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('kequn_session='))).toBe(false);
    const mismatch = await fetch(`${h.base}/auth/wecom/callback?code=abc&state=${'9'.repeat(48)}`, {
      redirect: 'manual',
      headers: { cookie: stateCookie },
    });
    expect(mismatch.headers.get('x-error-code')).toBe('invalid_state');
  });

  it('keeps the API key, session secret and WeCom secrets out of responses and logs', async () => {
    await h.business('GET', `/api/v1/orders/${ORDER}`);
    await fetch(`${h.base}/api/orders/${ORDER}`, { headers: { cookie } });
    await h.business('PUT', `/api/v1/orders/${ORDER}`, { ...validOrder, customer: { externalUserId: C.chenXiaoming } });
    const logs = h.logs();
    for (const secret of [API_KEY, SESSION_SECRET, DEMO_CORP.secret, cookie.split('=')[1] ?? 'x']) {
      expect(logs).not.toContain(secret);
    }
  });
});
