// Control characters (NUL first of all, which PostgreSQL refuses in text) sent to every route that
// takes input, and to the callback URL inside authentic, encrypted events: each is refused with a
// 4xx, nothing is stored, no answer is a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCallbackPush, DEMO_CALLBACK_ENCODING_AES_KEY, DEMO_CALLBACK_TOKEN, DEMO_CORP } from '@kequn/wecom-sim';
import { API_KEY, startHarness, type Harness } from '../apps/server/src/testing/harness';

let h: Harness;
let cookie: string;
const ORDER = 'CTRL-1';
const CONTROLS = ['\u0000', '\u0001', '\u0008', '\u001b', '\u007f'];

interface Probe {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  as: 'business' | 'staff' | 'anyone';
}

const validOrder = { title: 't', customer: { mobile: '13800138001', name: '陈' }, staffUserIds: ['zhangsan'] };

function probes(c: string): Probe[] {
  const e = encodeURIComponent(c);
  const order = (patch: Record<string, unknown>): Probe => ({
    name: `order ${JSON.stringify(patch)}`,
    method: 'PUT',
    path: `/api/v1/orders/${ORDER}`,
    body: { ...validOrder, ...patch },
    as: 'business',
  });
  return [
    order({ title: `a${c}b` }),
    order({ customer: { externalUserId: `wm${c}x` } }),
    order({ customer: { mobile: '13800138001', name: `陈${c}` } }),
    order({ customer: { mobile: `138${c}0013` } }),
    order({ groupName: `群${c}` }),
    order({ staffUserIds: [`zhang${c}san`] }),
    order({ [`ti${c}tle`]: 'x' }),
    { name: 'order id', method: 'PUT', path: `/api/v1/orders/A${e}1`, body: validOrder, as: 'business' },
    { name: 'order read', method: 'GET', path: `/api/v1/orders/A${e}1`, as: 'business' },
    { name: 'order query', method: 'GET', path: `/api/v1/orders/${ORDER}?x=${e}`, as: 'business' },
    { name: 'qr', method: 'GET', path: `/api/v1/orders/A${e}/qr.png`, as: 'business' },
    { name: 'sessions', method: 'DELETE', path: `/api/v1/staff/zhang${e}san/sessions`, as: 'business' },
    { name: 'staff order', method: 'GET', path: `/api/orders/${ORDER}${e}`, as: 'staff' },
    { name: 'lookup by chat', method: 'GET', path: `/api/orders?chatId=wr${e}`, as: 'staff' },
    { name: 'lookup by customer', method: 'GET', path: `/api/orders?externalUserId=wm${e}`, as: 'staff' },
    {
      name: 'intent customers',
      method: 'POST',
      path: `/api/orders/${ORDER}/group/intent`,
      body: { externalUserIds: [`wm${c}`] },
      as: 'staff',
    },
    {
      name: 'intent token',
      method: 'POST',
      path: `/api/orders/${ORDER}/group/intent`,
      body: { token: `tok${c}0123456789abcdef` },
      as: 'staff',
    },
    {
      name: 'cancel token',
      method: 'DELETE',
      path: `/api/orders/${ORDER}/group/intent?token=t${e}0123456789abcdef`,
      as: 'staff',
    },
    { name: 'bind', method: 'POST', path: `/api/orders/${ORDER}/group`, body: { chatId: `wr${c}x` }, as: 'staff' },
    { name: 'sign-in next', method: 'GET', path: `/auth/wecom/start?next=/orders/${e}`, as: 'anyone' },
    { name: 'sign-in callback', method: 'GET', path: `/auth/wecom/callback?code=a${e}&state=b${e}`, as: 'anyone' },
    {
      name: 'signature url',
      method: 'GET',
      path: `/api/jssdk/signatures?url=${encodeURIComponent(`${h.base}/orders/${c}`)}`,
      as: 'anyone',
    },
    { name: 'page', method: 'GET', path: `/orders/A${e}`, as: 'anyone' },
  ];
}

async function send(p: Probe): Promise<number> {
  const headers: Record<string, string> = {};
  if (p.body !== undefined) headers['content-type'] = 'application/json';
  if (p.as === 'business') headers.authorization = `Bearer ${API_KEY}`;
  if (p.as === 'staff') headers.cookie = cookie;
  const res = await fetch(`${h.base}${p.path}`, {
    method: p.method,
    headers,
    body: p.body === undefined ? undefined : JSON.stringify(p.body),
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return res.status;
}

function push(message: string) {
  const built = buildCallbackPush({
    url: `${h.base}/callbacks/wecom`,
    token: DEMO_CALLBACK_TOKEN,
    encodingAesKey: DEMO_CALLBACK_ENCODING_AES_KEY,
    corpId: DEMO_CORP.corpId,
    agentId: DEMO_CORP.agentId,
    message,
  });
  return fetch(built.url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: built.body });
}

const event = (fields: Record<string, string>) =>
  `<xml><ToUserName><![CDATA[${DEMO_CORP.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
  `<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
  Object.entries(fields)
    .map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
    .join('') +
  `</xml>`;

beforeAll(async () => {
  h = await startHarness({ engine: 'postgres' });
  cookie = (await h.signIn('zhangsan')).cookie;
  expect((await h.business('PUT', `/api/v1/orders/${ORDER}`, validOrder)).status).toBe(201);
});
afterAll(() => h?.close());

describe('control characters', () => {
  it('are refused with a 4xx by every route that takes input, never a 5xx, and nothing is stored', async () => {
    const wrong: string[] = [];
    for (const c of CONTROLS) {
      for (const p of probes(c)) {
        const status = await send(p);
        if (status < 400 || status >= 500) wrong.push(`${p.name} with U+${c.charCodeAt(0).toString(16)}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
    const order = await h.business<{ title: string; customer: { name: string } }>('GET', `/api/v1/orders/${ORDER}`);
    expect(order.body).toMatchObject({ title: 't', customer: { name: '陈' } });
  });

  it('name the field at fault with code control_characters', async () => {
    const res = await h.business<{ error: { code: string; message: string } }>('PUT', `/api/v1/orders/${ORDER}`, {
      ...validOrder,
      title: 'a\u0000b',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'control_characters', message: expect.stringContaining('title') });
  });

  it('in an authentic callback event are refused at once and never stored or retried', async () => {
    const before = await h.server.database.db.selectFrom('callback_events').select('id').execute();
    const inEvent = await push(event({ Event: 'change_external_chat\u0000', ChatId: 'wrNul1', ChangeType: 'update' }));
    const inChat = await push(event({ Event: 'change_external_chat', ChatId: 'wr\u0000Nul', ChangeType: 'update' }));
    const badId = await push(event({ Event: 'change_external_chat', ChatId: 'wr Nul<x>', ChangeType: 'update' }));
    expect([inEvent.status, inChat.status, badId.status]).toEqual([400, 400, 400]);
    expect(((await inChat.json()) as { error: { code: string } }).error.code).toBe('invalid_event');
    const after = await h.server.database.db.selectFrom('callback_events').select('id').execute();
    expect(after).toHaveLength(before.length);
  });
});
