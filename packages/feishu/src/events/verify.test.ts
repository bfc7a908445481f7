import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildEventPush,
  DEMO_FEISHU,
  encryptEvent,
  feishuSimControl,
  larkSignature,
  startFeishuSimulator,
  type FeishuSimControl,
  type StartedFeishuSimulator,
} from '@kequn/feishu-sim';
import { verifyFeishuEvent, type FeishuVerification } from './verify';

const { encryptKey, verificationToken } = DEMO_FEISHU;
const customer = DEMO_FEISHU.customers.chenXiaoming;

/** A receiver like our callback route: raw body in, verify, 200 or 400 out. Records everything. */
interface Received {
  rawBody: string;
  headers: IncomingHttpHeaders;
  result: FeishuVerification;
}
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
let configuredKey: string | null = encryptKey;

let sim: StartedFeishuSimulator;
let control: FeishuSimControl;

const verify = (rawBody: string, headers: IncomingHttpHeaders, extra: { now?: number; key?: string | null } = {}) =>
  verifyFeishuEvent({
    rawBody,
    headers,
    encryptKey: extra.key === undefined ? configuredKey : extra.key,
    verificationToken,
    now: extra.now ?? Date.now(),
    toleranceSec: 300,
  });

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const result = verify(rawBody, req.headers);
      received.push({ rawBody, headers: req.headers, result });
      res.statusCode = result.ok ? 200 : 400;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(result.ok && result.kind === 'challenge' ? { challenge: result.challenge } : {}));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/callbacks/feishu`;
  sim = await startFeishuSimulator({ port: 0, delivery: { retryDelaysMs: [] } });
  control = feishuSimControl(sim.url);
});
afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(async () => {
  await control.reset();
  configuredKey = encryptKey;
  await control.settings({ eventUrl: receiverUrl, encryptKey, verificationToken });
  received = [];
  seen = 0;
});

/** The latest push the receiver got (pushes are delivered in the background: wait for it). */
let seen = 0;
async function last(): Promise<Received> {
  for (let waited = 0; received.length <= seen && waited < 3_000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const r = received.at(-1);
  if (!r || received.length <= seen) throw new Error('nothing received');
  seen = received.length;
  return r;
}

describe('verifyFeishuEvent with an encrypt key, on genuine pushes', () => {
  it('verifies a v1 p2p_chat_create and normalises it', async () => {
    const opened = await control.openBot(customer.openId);
    const { result } = await last();
    expect(result).toMatchObject({
      ok: true,
      kind: 'event',
      event: { schema: 'v1', type: 'p2p_chat_create', id: opened.eventKey, token: verificationToken },
    });
    if (!result.ok || result.kind !== 'event') throw new Error('not an event');
    expect(result.event.event).toMatchObject({ chat_id: opened.chatId, user: { open_id: customer.openId } });
    expect(Math.abs(result.event.createTime - Date.now())).toBeLessThan(60_000);
  });

  it('verifies v2 envelopes (bot chat entered, message received)', async () => {
    await control.openBot(customer.openId);
    await last();
    const again = await control.openBot(customer.openId);
    expect((await last()).result).toMatchObject({
      ok: true,
      event: { schema: 'v2', type: 'im.chat.access_event.bot_p2p_chat_entered_v1', id: again.eventKey },
    });
    await control.say(customer.openId, 'K7Q2');
    const { result } = await last();
    if (!result.ok || result.kind !== 'event') throw new Error('not an event');
    expect(result.event).toMatchObject({ type: 'im.message.receive_v1', appId: DEMO_FEISHU.appId });
    const message = (result.event.event as { message: { content: string } }).message;
    expect(JSON.parse(message.content)).toEqual({ text: 'K7Q2' });
  });

  it('answers the URL verification with the challenge', async () => {
    const probe = await control.challenge();
    expect(probe).toMatchObject({ ok: true, status: 200 });
    expect((await last()).result).toEqual({ ok: true, kind: 'challenge', challenge: probe.challenge });
  });
});

describe('verifyFeishuEvent rejects', () => {
  it('a forged signature and an undecryptable body pushed by the simulator', async () => {
    expect(await control.pushForgery('bad_signature')).toMatchObject({ status: 400 });
    expect((await last()).result).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(await control.pushForgery('undecryptable')).toMatchObject({ status: 400 });
    expect((await last()).result).toMatchObject({ ok: false, reason: 'undecryptable' });
  });

  it('a genuine body changed by one byte, or with its signature headers stripped', async () => {
    await control.openBot(customer.openId);
    const { rawBody, headers } = await last();
    const tampered = rawBody.replace(/"encrypt":"./, (m) => m.slice(0, -1) + (m.endsWith('A') ? 'B' : 'A'));
    expect(verify(tampered, headers)).toMatchObject({ ok: false, reason: 'bad_signature' });
    // Re-serialised JSON (what the SDK hashes) is not the raw body either.
    const reserialised = JSON.stringify(JSON.parse(rawBody), null, 1);
    expect(verify(reserialised, headers)).toMatchObject({ ok: false, reason: 'bad_signature' });
    const { 'x-lark-signature': _dropped, ...unsigned } = headers;
    expect(verify(rawBody, unsigned)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('a genuine push replayed outside the tolerance', async () => {
    await control.openBot(customer.openId);
    const { rawBody, headers } = await last();
    expect(verify(rawBody, headers, { now: Date.now() + 6 * 60_000 })).toMatchObject({ ok: false, reason: 'stale' });
    expect(verify(rawBody, headers, { now: Date.now() + 60_000 })).toMatchObject({ ok: true });
  });

  it('a well-signed event carrying another verification token', () => {
    const payload = v2('im.message.receive_v1', 'not-our-token');
    const push = buildEventPush({ payload, encryptKey });
    expect(verify(push.body, push.headers)).toMatchObject({ ok: false, reason: 'bad_token' });
    const ok = buildEventPush({ payload: v2('im.message.receive_v1', verificationToken), encryptKey });
    expect(verify(ok.body, ok.headers)).toMatchObject({ ok: true, event: { id: 'ev_1', schema: 'v2' } });
  });

  it('a body signed with our key but encrypted with another (padding fails)', () => {
    const body = JSON.stringify({
      encrypt: encryptEvent('some-other-key', JSON.stringify(v2('x', verificationToken))),
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': 'n1',
      'x-lark-signature': larkSignature(timestamp, 'n1', encryptKey, body),
    };
    expect(verify(body, headers)).toMatchObject({ ok: false, reason: 'undecryptable' });
  });

  it('a plain body while an encrypt key is set, and an envelope of neither version', () => {
    const plain = buildEventPush({ payload: v2('im.message.receive_v1', verificationToken), encryptKey: null });
    expect(verify(plain.body, plain.headers)).toMatchObject({ ok: false, reason: 'undecryptable' });
    const odd = buildEventPush({ payload: { hello: 'world', token: verificationToken }, encryptKey });
    expect(verify(odd.body, odd.headers)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verify('not json', {}, { key: null })).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('verifyFeishuEvent without an encrypt key', () => {
  beforeEach(async () => {
    configuredKey = null;
    await control.settings({ encryptKey: null });
  });

  it('accepts a genuine plain push only on its verification token', async () => {
    const opened = await control.openBot(customer.openId);
    expect((await last()).result).toMatchObject({ ok: true, event: { id: opened.eventKey, type: 'p2p_chat_create' } });
    expect(await control.pushForgery('bad_signature')).toMatchObject({ status: 400 });
    expect((await last()).result).toMatchObject({ ok: false, reason: 'bad_token' });
    expect((await control.challenge()).ok).toBe(true);
  });

  it('refuses an encrypted push it cannot read', () => {
    const push = buildEventPush({ payload: v2('x', verificationToken), encryptKey });
    expect(verify(push.body, push.headers)).toMatchObject({ ok: false, reason: 'undecryptable' });
  });
});

function v2(type: string, token: string) {
  return {
    schema: '2.0',
    header: {
      event_id: 'ev_1',
      event_type: type,
      create_time: String(Date.now()),
      token,
      app_id: DEMO_FEISHU.appId,
      tenant_key: DEMO_FEISHU.tenant.tenantKey,
    },
    event: { message: { chat_id: 'oc_1', content: '{"text":"hi"}' } },
  };
}
