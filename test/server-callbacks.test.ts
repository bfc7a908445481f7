// WeCom's callback URL under attack and under loss: forged, misaddressed, malformed and replayed
// pushes are refused or ignored (never a 500); lost pushes are made up for by the reconcile.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OrderResponse, StaffOrderView } from '@kequn/contracts';
import {
  buildCallbackPush,
  changeExternalChatXml,
  DEMO_CALLBACK_ENCODING_AES_KEY as AES_KEY,
  DEMO_CALLBACK_TOKEN as TOKEN,
  DEMO_CORP,
  DEMO_CUSTOMER_IDS as C,
  demoSeed,
} from '@kequn/wecom-sim';
import { eventually, startHarness, type Harness, type StaffClient } from '../apps/server/src/testing/harness';

let h: Harness;
let zhangsan: StaffClient;
let n = 0;

function signed(message: string, corpId: string = DEMO_CORP.corpId) {
  return buildCallbackPush({
    url: `${h.base}/callbacks/wecom`,
    token: TOKEN,
    encodingAesKey: AES_KEY,
    corpId,
    agentId: DEMO_CORP.agentId,
    message,
  });
}

const post = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
const envelope = (encrypted: string) =>
  `<xml><ToUserName><![CDATA[${DEMO_CORP.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
const chatEvent = (chatId: string, createTime: number) =>
  changeExternalChatXml(DEMO_CORP.corpId, createTime, { type: 'create', group: { chatId } as never });

/** A correctly signed push whose plaintext has broken PKCS#7 padding. */
function badlyPadded(): { url: string; body: string } {
  const key = Buffer.from(`${AES_KEY}=`, 'base64');
  const msg = Buffer.from(chatEvent('wrPad', 1));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const raw = Buffer.concat([randomBytes(16), len, msg, Buffer.from(DEMO_CORP.corpId)]);
  const padded = Buffer.concat([raw, Buffer.alloc(32 - (raw.length % 32), 0)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const encrypted = Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
  const good = signed('x');
  const sig = createHash('sha1')
    .update([TOKEN, good.query.timestamp, good.query.nonce, encrypted].sort().join(''))
    .digest('hex');
  const url = `${h.base}/callbacks/wecom?msg_signature=${sig}&timestamp=${good.query.timestamp}&nonce=${good.query.nonce}`;
  return { url, body: envelope(encrypted) };
}

async function storedEvents(chatId: string): Promise<number> {
  const rows = await h.server.database.db
    .selectFrom('callback_events')
    .select('id')
    .where('fields', 'like', `%${chatId}%`)
    .execute();
  return rows.length;
}

beforeAll(async () => {
  h = await startHarness({ engine: 'postgres' });
  zhangsan = await h.signIn('zhangsan');
});
afterAll(() => h?.close());
beforeEach(() => h.resetSim());

describe('URL verification (GET)', () => {
  it('answers the decrypted echostr for a valid signature, and 401 otherwise', async () => {
    const push = signed('echo-4711');
    const q = push.query;
    const ok = await fetch(
      `${h.base}/callbacks/wecom?msg_signature=${q.msg_signature}&timestamp=${q.timestamp}&nonce=${q.nonce}&echostr=${encodeURIComponent(push.encrypted)}`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('echo-4711');
    const forged = await fetch(
      `${h.base}/callbacks/wecom?msg_signature=${'0'.repeat(40)}&timestamp=${q.timestamp}&nonce=${q.nonce}&echostr=${encodeURIComponent(push.encrypted)}`,
    );
    expect(forged.status).toBe(401);
  });
});

describe('events (POST)', () => {
  it('accepts a genuine push with 200 and an empty body, quickly', async () => {
    const push = signed(chatEvent('wrGenuine', 1_700_000_000));
    const started = Date.now();
    const res = await post(push.url, push.body);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it.each([
    [
      'a forged signature',
      () => ({
        url: signed('x').url.replace(/msg_signature=[0-9a-f]+/, `msg_signature=${'a'.repeat(40)}`),
        body: signed('x').body,
      }),
      401,
      'invalid_signature',
    ],
    ['no signature', () => ({ url: `${h.base}/callbacks/wecom`, body: signed('x').body }), 401, 'invalid_signature'],
    ['another corp (ReceiveId)', () => signed(chatEvent('wrOther', 1), 'wwAnotherCorp000001'), 400, 'wrong_receiver'],
    ['bad padding', badlyPadded, 400, 'invalid_payload'],
    ['a body that is not XML', () => ({ url: signed('x').url, body: 'hello' }), 400, 'invalid_body'],
    [
      'an envelope without Encrypt',
      () => ({ url: signed('x').url, body: '<xml><ToUserName>x</ToUserName></xml>' }),
      400,
      'invalid_body',
    ],
  ])('rejects %s', async (_name, make, status, code) => {
    const { url, body } = make();
    const res = await post(url, body);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code } });
  });

  it('acknowledges an authentic push that is not an event (a message to the app) and stores nothing', async () => {
    const text =
      `<xml><ToUserName><![CDATA[${DEMO_CORP.corpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>` +
      `<CreateTime>1700000001</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content>` +
      `<MsgId>1</MsgId><AgentID>${DEMO_CORP.agentId}</AgentID></xml>`;
    const before = await h.server.database.db.selectFrom('callback_events').select('id').execute();
    for (const message of [text, '<xml><Foo>bar</Foo></xml>']) {
      const push = signed(message);
      expect((await post(push.url, push.body)).status).toBe(200);
    }
    expect(await h.server.database.db.selectFrom('callback_events').select('id').execute()).toHaveLength(before.length);
  });

  it('never answers 500 to junk', async () => {
    const good = signed(chatEvent('wrJunk', 1));
    const junk = [
      '',
      '<',
      '<xml>',
      `<xml><Encrypt>${'A'.repeat(100_000)}</Encrypt></xml>`,
      '\u0000\u0001',
      '<xml><Encrypt><![CDATA[%%%]]></Encrypt></xml>',
      'x'.repeat(300_000),
    ];
    for (const body of junk) {
      for (const url of [good.url, `${h.base}/callbacks/wecom?msg_signature=zz&timestamp=a&nonce=b`]) {
        const res = await post(url, body);
        expect(res.status, body.slice(0, 20)).toBeGreaterThanOrEqual(400);
        expect(res.status, body.slice(0, 20)).toBeLessThan(500);
      }
    }
  });

  it('answers pushes (ahead of Express) with the API’s headers, request ids and error bodies', async () => {
    const good = signed(chatEvent(`wrLane${++n}`, 1));
    const ok = await fetch(good.url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', 'x-request-id': 'lane-test-1' },
      body: good.body,
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('');
    expect(ok.headers.get('x-request-id')).toBe('lane-test-1');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'");

    const refused = await post(`${h.base}/callbacks/wecom?msg_signature=zz&timestamp=a&nonce=b`, good.body);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await refused.json()).toEqual({ error: { code: 'invalid_signature', message: expect.any(String) } });
    const control = await post(`${good.url}&x=%00`, good.body);
    expect(control.status).toBe(400);
    expect(((await control.json()) as { error: { code: string } }).error.code).toBe('control_characters');
    const large = await post(good.url, 'x'.repeat(300_000));
    expect(large.status).toBe(413);
    expect(((await large.json()) as { error: { code: string } }).error.code).toBe('body_too_large');

    // (Its request metrics feed the callbacks bench's server-side figures: bench/callbacks.)
    // The URL check (GET) still goes through Express.
    expect((await fetch(`${h.base}/callbacks/wecom?msg_signature=zz&timestamp=a&nonce=b&echostr=x`)).status).toBe(401);
  });

  it('records a replayed push once, and a retry WeCom encrypted afresh once too', async () => {
    const chatId = `wrReplay${++n}`;
    const message = chatEvent(chatId, 1_700_000_123);
    const push = signed(message);
    for (let i = 0; i < 3; i += 1) expect((await post(push.url, push.body)).status).toBe(200);
    const retry = signed(message); // new random bytes, nonce and signature: same event
    expect(retry.body).not.toBe(push.body);
    expect((await post(retry.url, retry.body)).status).toBe(200);
    expect(await storedEvents(chatId)).toBe(1);
    const next = signed(chatEvent(chatId, 1_700_000_124));
    expect((await post(next.url, next.body)).status).toBe(200);
    expect(await storedEvents(chatId)).toBe(2);
  });
});

describe('when callbacks are lost', () => {
  async function orderWithGroup(appIdentity: boolean) {
    const id = `LOST-${++n}`;
    const put = await h.business('PUT', `/api/v1/orders/${id}`, {
      title: 't',
      customer: { externalUserId: C.chenXiaoming },
      staffUserIds: ['zhangsan'],
    });
    expect(put.status).toBe(201);
    await zhangsan.post(`/api/orders/${id}/group/intent`);
    const chat = await h.control.openEnterpriseChat({
      callerUserId: 'zhangsan',
      userIds: ['lisi'],
      externalUserIds: [C.chenXiaoming],
      appIdentity,
    });
    if (!chat.ok) throw new Error(chat.errMsg);
    const bind = await zhangsan.post(`/api/orders/${id}/group`, { chatId: chat.chatId });
    return { id, chatId: chat.chatId, status: bind.status };
  }
  const group = async (id: string) => OrderResponse.parse((await h.business('GET', `/api/v1/orders/${id}`)).body).group;

  it('the reconcile confirms the group and records the members WeCom never reported', async () => {
    await h.control.settings({ callback: null });
    const { id, chatId } = await orderWithGroup(true);
    await h.control.addMembers(chatId as string, { externalUserIds: [C.linMeihua] });
    expect(await group(id)).toMatchObject({ status: 'created', members: [] });
    const report = await h.server.product.reconciler.runOnce();
    expect(report).toMatchObject({ ran: true, failed: 0 });
    const after = await group(id);
    expect(after?.status).toBe('confirmed');
    expect(after?.members.map((m) => m.id).sort()).toEqual([C.chenXiaoming, C.linMeihua, 'lisi', 'zhangsan'].sort());
    await eventually(async () => h.hooks.ofType('group.member_joined', id).length === 2);
  });

  it('the reconcile finds the group of an old client whose callback never came', async () => {
    await h.control.settings({ callback: null });
    const { id, status } = await orderWithGroup(false);
    expect(status).toBe(202);
    expect(await group(id)).toMatchObject({ chatId: null, status: 'creating' });
    await h.server.product.reconciler.runOnce();
    const bound = await group(id);
    expect(bound?.status).toBe('confirmed');
    expect(bound?.chatId).toMatch(/^wr/);
  });
});

describe('change_external_contact', () => {
  it('drops the staff member’s cached customer list, so a new remark mobile is found at once', async () => {
    const id = `CONTACT-${++n}`;
    await h.business('PUT', `/api/v1/orders/${id}`, {
      title: 't',
      customer: { mobile: '13911112222' },
      staffUserIds: ['zhangsan'],
    });
    const view = async () => StaffOrderView.parse((await zhangsan.get(`/api/orders/${id}`)).body).customer;
    expect(await view()).toEqual({ match: 'none', customers: [] });
    // The staff member types the number as a remark of one of their customers (in WeCom).
    const seed = demoSeed();
    const follow = seed.customers?.find((c) => c.externalUserId === C.luoMin)?.follows?.[0];
    if (!follow) throw new Error('seed changed');
    follow.remarkMobiles = ['13911112222'];
    await h.control.seed(seed);
    expect(await view()).toEqual({ match: 'none', customers: [] }); // still the cached list
    const event =
      `<xml><ToUserName><![CDATA[${DEMO_CORP.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
      `<CreateTime>1700000999</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>` +
      `<ChangeType><![CDATA[edit_external_contact]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID>` +
      `<ExternalUserID><![CDATA[${C.luoMin}]]></ExternalUserID></xml>`;
    const push = signed(event);
    expect((await post(push.url, push.body)).status).toBe(200);
    expect(await view()).toMatchObject({ match: 'mobile', customers: [{ externalUserId: C.luoMin }] });
  });
});
