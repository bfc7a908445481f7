import { createHash, createDecipheriv } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeishuSimulator } from '../app';
import { DEMO_FEISHU } from '../tenant/demo';
import { testFeishu } from '../test-helpers';
import { buildEventPush, decryptEvent, encryptEvent, larkSignature } from './crypto';

const KEY = DEMO_FEISHU.encryptKey;
const TOKEN = DEMO_FEISHU.verificationToken;
const { customers: C, staff: S } = DEMO_FEISHU;

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  /** The decrypted (or plain) event, when it passed the checks. */
  event?: Record<string, unknown>;
  verdict: 'ok' | 'bad_signature' | 'undecryptable' | 'bad_token';
}

/**
 * kequn's event endpoint in miniature, written from the docs rather than from the simulator:
 * signature over the RAW body, AES-256-CBC with key SHA-256(encrypt key) and the IV in front,
 * then the verification token. Answers 401/400 to what fails, echoes challenges.
 */
function receiver(opts: { encryptKey: string | null; statuses?: number[]; delaysMs?: number[] }) {
  const received: Received[] = [];
  const statuses = [...(opts.statuses ?? [])];
  const delays = [...(opts.delaysMs ?? [])];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const entry: Received = { headers: req.headers, raw, verdict: 'ok' };
    received.push(entry);
    const reply = (status: number, body: unknown = {}) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let json: Record<string, unknown>;
    if (opts.encryptKey) {
      const expected = createHash('sha256')
        .update(
          String(req.headers['x-lark-request-timestamp']) +
            String(req.headers['x-lark-request-nonce']) +
            opts.encryptKey,
        )
        .update(raw)
        .digest('hex');
      if (req.headers['x-lark-signature'] !== expected) {
        entry.verdict = 'bad_signature';
        return reply(401, { error: 'bad signature' });
      }
      try {
        const bytes = Buffer.from((JSON.parse(raw) as { encrypt: string }).encrypt, 'base64');
        const key = createHash('sha256').update(opts.encryptKey).digest();
        const decipher = createDecipheriv('aes-256-cbc', key, bytes.subarray(0, 16));
        json = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString('utf8'));
      } catch {
        entry.verdict = 'undecryptable';
        return reply(400, { error: 'cannot decrypt' });
      }
    } else {
      json = JSON.parse(raw) as Record<string, unknown>;
    }
    const token = (json.header as { token?: string } | undefined)?.token ?? json.token;
    if (token !== TOKEN) {
      entry.verdict = 'bad_token';
      return reply(401, { error: 'bad token' });
    }
    entry.event = json;
    if (json.type === 'url_verification') return reply(200, { challenge: json.challenge });
    const delay = delays.shift() ?? 0;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    reply(statuses.shift() ?? 200);
  });
  return {
    received,
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks/feishu`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let rx: ReturnType<typeof receiver>;
let sim: FeishuSimulator;

async function setUp(opts: Parameters<typeof receiver>[0], retryDelaysMs = [20, 40], timeoutMs = 1000) {
  rx = receiver(opts);
  const url = await rx.listen();
  sim = testFeishu({
    settings: { eventUrl: url, encryptKey: opts.encryptKey, verificationToken: TOKEN },
    delivery: { retryDelaysMs, timeoutMs },
  });
}

afterEach(async () => {
  sim.state.events.cancelAll();
  await rx.close();
});

const openBot = (openId: string) => request(sim.app).post(`/__feishu-sim/people/${openId}/open-bot`).expect(200);

describe('events pushed to the request URL', () => {
  it('pushes p2p_chat_create (v1) the first time a customer opens the bot, encrypted and signed', async () => {
    await setUp({ encryptKey: KEY });
    const res = await openBot(C.chenXiaoming.openId);
    expect(res.body.first).toBe(true);
    await sim.state.events.idle();
    expect(rx.received).toHaveLength(1);
    const [push] = rx.received;
    expect(push?.verdict).toBe('ok');
    expect(Object.keys(JSON.parse(push!.raw) as object)).toEqual(['encrypt']);
    expect(push?.headers['x-lark-request-timestamp']).toMatch(/^\d{10}$/);
    expect(push?.event).toMatchObject({
      uuid: res.body.eventKey,
      token: TOKEN,
      type: 'event_callback',
      event: {
        type: 'p2p_chat_create',
        app_id: DEMO_FEISHU.appId,
        chat_id: res.body.chatId,
        operator: { open_id: C.chenXiaoming.openId },
        user: { name: '陈晓明', open_id: C.chenXiaoming.openId },
        tenant_key: DEMO_FEISHU.tenant.tenantKey,
      },
    });
    expect(push?.event?.ts).toMatch(/^\d{10}\.\d+$/);
    expect(sim.state.events.records[0]).toMatchObject({ status: 'delivered', eventType: 'p2p_chat_create' });
  });

  it('pushes bot_p2p_chat_entered_v1 (v2) on later openings, and im.message.receive_v1 for texts', async () => {
    await setUp({ encryptKey: KEY });
    const first = await openBot(C.linMeihua.openId);
    const said = await request(sim.app)
      .post(`/__feishu-sim/people/${C.linMeihua.openId}/messages`)
      .send({ text: 'A1002' })
      .expect(200);
    const again = await openBot(C.linMeihua.openId);
    expect(again.body.first).toBe(false);
    await sim.state.events.idle();
    type Pushed = { header: Record<string, string>; event: { sender: { sender_id: Record<string, string> } } };
    const [, message, entered] = rx.received.map((r) => r.event as unknown as Pushed);
    expect(message).toMatchObject({
      schema: '2.0',
      header: { event_type: 'im.message.receive_v1', token: TOKEN, app_id: DEMO_FEISHU.appId },
      event: {
        sender: { sender_id: { open_id: C.linMeihua.openId }, sender_type: 'user' },
        message: {
          message_id: said.body.message.messageId,
          chat_id: first.body.chatId,
          chat_type: 'p2p',
          message_type: 'text',
          content: JSON.stringify({ text: 'A1002' }),
        },
      },
    });
    expect(message?.header.event_id).toBe(said.body.eventKey);
    expect(message?.event.sender.sender_id.union_id).toMatch(/^on_/);
    expect(entered).toMatchObject({
      schema: '2.0',
      header: { event_type: 'im.chat.access_event.bot_p2p_chat_entered_v1', tenant_key: DEMO_FEISHU.tenant.tenantKey },
      event: {
        chat_id: first.body.chatId,
        operator_id: { open_id: C.linMeihua.openId },
        last_message_id: said.body.message.messageId,
      },
    });
    expect(String(entered?.header.create_time)).toMatch(/^\d{13}$/);
  });

  it('sends plain JSON with the verification token and no signature when no encrypt key is set', async () => {
    await setUp({ encryptKey: null });
    await openBot(S.lisi.openId);
    await sim.state.events.idle();
    const [push] = rx.received;
    expect(push?.verdict).toBe('ok');
    expect(JSON.parse(push!.raw)).toMatchObject({ type: 'event_callback', token: TOKEN });
    expect(push?.headers['x-lark-signature']).toBeUndefined();
  });

  it('retries a push not answered 2xx (or too slowly) with the same event, freshly encrypted', async () => {
    await setUp({ encryptKey: KEY, statuses: [500, 200], delaysMs: [0, 400, 0] }, [20, 20, 20], 200);
    await openBot(C.wangJianguo.openId);
    await sim.state.events.idle();
    // 1: HTTP 500; 2: answered after the 200 ms timeout; 3: 200 (the status list is consumed per answer).
    expect(rx.received.length).toBeGreaterThanOrEqual(3);
    const uuids = new Set(rx.received.map((r) => (r.event as { uuid: string }).uuid));
    expect(uuids.size).toBe(1);
    expect(new Set(rx.received.map((r) => r.raw)).size).toBe(rx.received.length);
    const [record] = sim.state.events.records;
    expect(record?.status).toBe('delivered');
    expect(record?.attempts[0]).toMatchObject({ status: 500 });
    expect(record?.attempts[1]?.error).toBe('no answer in time');
  });

  it('gives up after the last retry and records a failed delivery', async () => {
    await setUp({ encryptKey: KEY, statuses: [503, 503, 503] }, [10, 10]);
    await openBot(C.liuFang.openId);
    await sim.state.events.idle();
    expect(sim.state.events.records[0]).toMatchObject({ status: 'failed' });
    expect(sim.state.events.records[0]?.attempts).toHaveLength(3);
  });

  it('keeps the event without a request URL, and pushes nothing', async () => {
    await setUp({ encryptKey: KEY });
    sim.state.settings.eventUrl = null;
    const res = await openBot(C.chenXiaoming.openId);
    expect(res.body.delivery.status).toBe('skipped');
    expect(rx.received).toHaveLength(0);
  });
});

describe('replays, forgeries and challenges', () => {
  it('replays an event with the same uuid / event_id', async () => {
    await setUp({ encryptKey: KEY });
    const opened = await openBot(C.chenXiaoming.openId);
    const replay = await request(sim.app).post(`/__feishu-sim/events/${opened.body.eventKey as string}/replay`);
    expect(replay.status).toBe(200);
    expect(replay.body.delivery).toMatchObject({ eventKey: opened.body.eventKey, replayOf: opened.body.delivery.id });
    await sim.state.events.idle();
    const [a, b] = rx.received.map((r) => r.event);
    expect(b).toEqual(a);
    expect((await request(sim.app).post('/__feishu-sim/events/nope/replay')).status).toBe(404);
  });

  it('pushes a forged signature and an undecryptable body, and reports what the receiver answered', async () => {
    await setUp({ encryptKey: KEY });
    const forged = await request(sim.app).post('/__feishu-sim/events/forged').send({ kind: 'bad_signature' });
    expect(forged.body).toMatchObject({ kind: 'bad_signature', status: 401 });
    const garbled = await request(sim.app).post('/__feishu-sim/events/forged').send({ kind: 'undecryptable' });
    expect(garbled.body).toMatchObject({ kind: 'undecryptable', status: 400 });
    expect(rx.received.map((r) => r.verdict)).toEqual(['bad_signature', 'undecryptable']);
    expect(sim.state.events.records).toHaveLength(0);
  });

  it('forges the verification token when no encrypt key is set', async () => {
    await setUp({ encryptKey: null });
    const forged = await request(sim.app).post('/__feishu-sim/events/forged').send({ kind: 'bad_signature' });
    expect(forged.body).toMatchObject({ kind: 'bad_token', status: 401 });
    const garbled = await request(sim.app).post('/__feishu-sim/events/forged').send({ kind: 'undecryptable' });
    expect(garbled.status).toBe(409);
  });

  it('sends an encrypted url_verification challenge and checks the echo', async () => {
    await setUp({ encryptKey: KEY });
    const res = await request(sim.app).post('/__feishu-sim/events/challenge');
    expect(res.body).toMatchObject({ ok: true, status: 200, withinOneSecond: true });
    expect(rx.received[0]?.event).toEqual({ challenge: res.body.challenge, token: TOKEN, type: 'url_verification' });
    expect(Object.keys(JSON.parse(rx.received[0]!.raw) as object)).toEqual(['encrypt']);
  });
});

describe('crypto helpers', () => {
  it('round-trips and signs the raw body', () => {
    const encrypted = encryptEvent('k', '{"a":1}', Buffer.alloc(16, 7));
    expect(Buffer.from(encrypted, 'base64').subarray(0, 16)).toEqual(Buffer.alloc(16, 7));
    expect(decryptEvent('k', encrypted)).toBe('{"a":1}');
    expect(() => decryptEvent('other', encrypted)).toThrow();
    const push = buildEventPush({ payload: { b: 2 }, encryptKey: 'k', timestamp: 1767225600, nonce: 'n1' });
    expect(push.headers['x-lark-signature']).toBe(larkSignature('1767225600', 'n1', 'k', push.body));
    expect(JSON.parse(decryptEvent('k', (JSON.parse(push.body) as { encrypt: string }).encrypt))).toEqual({ b: 2 });
  });
});
