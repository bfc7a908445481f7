import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt, getSignature } from '@wecom/crypto';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../app';
import { DEMO_CALLBACK_ENCODING_AES_KEY as AES_KEY, DEMO_CALLBACK_TOKEN as TOKEN, DEMO_CORP } from '../corp/config';
import { DEMO_CHAT_IDS as G, DEMO_CUSTOMER_IDS as C } from '../corp/demo-seed';
import { testSimulator } from '../test-helpers';
import { buildCallbackPush } from './push';

interface Received {
  query: URLSearchParams;
  body: string;
}

/** A tiny receiver standing in for kequn's callback endpoint; `delaysMs` hold its answers back. */
function receiver(statuses: number[] = [], delaysMs: number[] = []) {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ query: new URL(req.url ?? '/', 'http://x').searchParams, body: Buffer.concat(chunks).toString() });
    const delay = delaysMs.shift() ?? 0;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    if (res.destroyed) return;
    res.statusCode = statuses.shift() ?? 200;
    res.end();
    waiters.splice(0).forEach((wake) => wake());
  });
  return {
    received,
    server,
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Verifies and opens one push exactly as a receiver must. */
function open(push: Received): string {
  const encrypted = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(push.body)?.[1] ?? '';
  const signature = getSignature(TOKEN, push.query.get('timestamp') ?? '', push.query.get('nonce') ?? '', encrypted);
  expect(push.query.get('msg_signature')).toBe(signature);
  expect(push.body).toContain(`<ToUserName><![CDATA[${DEMO_CORP.corpId}]]></ToUserName>`);
  expect(push.body).toContain(`<AgentID><![CDATA[${DEMO_CORP.agentId}]]></AgentID>`);
  const { message, id } = decrypt(AES_KEY, encrypted);
  expect(id).toBe(DEMO_CORP.corpId);
  return message;
}

const field = (xml: string, name: string) =>
  new RegExp(`<${name}>(?:<!\\[CDATA\\[)?(.*?)(?:\\]\\]>)?</${name}>`).exec(xml)?.[1];

describe('change_external_chat callbacks', () => {
  let sim: Simulator;
  let rx: ReturnType<typeof receiver>;

  async function setUp(statuses: number[] = []) {
    rx = receiver(statuses);
    const url = await rx.listen();
    sim = testSimulator({
      callback: { url, token: TOKEN, encodingAesKey: AES_KEY },
      callbackDelivery: { retryDelaysMs: [20, 40], timeoutMs: 1000 },
    });
  }

  beforeEach(() => setUp());
  afterEach(() => rx.close());

  it('pushes an encrypted, signed "create" event when openEnterpriseChat creates a customer group', async () => {
    const res = await request(sim.app)
      .post('/__sim/client/open-enterprise-chat')
      .send({
        callerUserId: 'zhangsan',
        userIds: ['wangwu'],
        externalUserIds: [C.linMeihua],
        groupName: '订单 A1002',
        appIdentity: true,
      });
    await sim.state.callbacks.idle();
    expect(rx.received).toHaveLength(1);
    const [push] = rx.received;
    const xml = open(push!);
    expect(field(xml, 'ToUserName')).toBe(DEMO_CORP.corpId);
    expect(field(xml, 'FromUserName')).toBe('sys');
    expect(field(xml, 'MsgType')).toBe('event');
    expect(field(xml, 'Event')).toBe('change_external_chat');
    expect(field(xml, 'ChatId')).toBe(res.body.chatId);
    expect(field(xml, 'ChangeType')).toBe('create');
    expect(Number(field(xml, 'CreateTime'))).toBe(Math.floor(sim.clock.now() / 1000));
  });

  it('pushes add_member (JoinScene 3 for QR) and del_member (QuitScene) updates with member versions', async () => {
    await request(sim.app)
      .post(`/__sim/groups/${G.orderGroup}/members`)
      .send({ externalUserIds: [C.heLi, C.maChao], joinScene: 3 });
    await request(sim.app).delete(`/__sim/groups/${G.orderGroup}/members/${C.heLi}?quitScene=1`);
    await sim.state.callbacks.idle();
    const [add, del] = rx.received.map(open);
    expect(field(add!, 'ChangeType')).toBe('update');
    expect(field(add!, 'UpdateDetail')).toBe('add_member');
    expect(field(add!, 'JoinScene')).toBe('3');
    expect(field(add!, 'MemChangeCnt')).toBe('2');
    expect(add).toContain(`<MemChangeList><Item>${C.heLi}</Item><Item>${C.maChao}</Item></MemChangeList>`);
    expect(field(del!, 'UpdateDetail')).toBe('del_member');
    expect(field(del!, 'QuitScene')).toBe('1');
    expect(field(del!, 'LastMemVer')).toBe(field(add!, 'CurMemVer'));
  });

  it('pushes "dismiss" and sends nothing for internal groups', async () => {
    await request(sim.app)
      .post('/__sim/client/open-enterprise-chat')
      .send({ callerUserId: 'zhangsan', userIds: ['lisi', 'wangwu'], appIdentity: true });
    await request(sim.app).post(`/__sim/groups/${G.vipGroup}/dismiss`);
    await sim.state.callbacks.idle();
    expect(rx.received.map((p) => field(open(p), 'ChangeType'))).toEqual(['dismiss']);
  });

  it('pushes "create" for a shell group made with /__sim/groups', async () => {
    const res = await request(sim.app).post('/__sim/groups').send({ owner: 'lisi', name: '服务群 09' }).expect(201);
    await sim.state.callbacks.idle();
    const xml = open(rx.received[0]!);
    expect(field(xml, 'ChatId')).toBe(res.body.chatId);
    expect(field(xml, 'ChangeType')).toBe('create');
  });

  it('pushes "create" then add_member (JoinScene 3) when a scan makes a new group for a full join way', async () => {
    const group = sim.state.groups.require(G.orderGroup);
    while (group.members.length < 200) {
      group.members.push({ id: `f${group.members.length}`, type: 2, joinTime: 0, joinScene: 3, groupNickname: '' });
    }
    sim.state.joinWays.add(DEMO_CORP.agentId, {
      scene: 2,
      remark: '',
      autoCreateRoom: 1,
      roomBaseName: '订单群',
      roomBaseId: 1,
      chatIdList: [G.orderGroup],
      state: 'A1001',
      markSource: true,
    });
    const [way] = sim.state.joinWays.list(DEMO_CORP.agentId);
    const scan = await request(sim.app).post(`/__sim/join-ways/${way!.configId}/scan`).send({ externalUserId: C.heLi });
    await sim.state.callbacks.idle();
    const [create, add] = rx.received.map(open);
    expect(field(create!, 'ChangeType')).toBe('create');
    expect(field(create!, 'ChatId')).toBe(scan.body.chatId);
    expect(field(add!, 'UpdateDetail')).toBe('add_member');
    expect(field(add!, 'JoinScene')).toBe('3');
    expect(field(add!, 'MemChangeCnt')).toBe('1');
    expect(add).toContain(`<MemChangeList><Item>${C.heLi}</Item></MemChangeList>`);
    // The state is not in the event: it comes from groupchat/get.
    expect(add).not.toContain('A1001');
  });

  it('pushes change_contact / delete_user when a member resigns', async () => {
    await request(sim.app).post('/__sim/staff/lisi/resign').expect(200);
    await sim.state.callbacks.idle();
    expect(rx.received).toHaveLength(1);
    const xml = open(rx.received[0]!);
    expect(field(xml, 'ToUserName')).toBe(DEMO_CORP.corpId);
    expect(field(xml, 'FromUserName')).toBe('sys');
    expect(field(xml, 'MsgType')).toBe('event');
    expect(field(xml, 'Event')).toBe('change_contact');
    expect(field(xml, 'ChangeType')).toBe('delete_user');
    expect(field(xml, 'UserID')).toBe('lisi');
    expect(Number(field(xml, 'CreateTime'))).toBe(Math.floor(sim.clock.now() / 1000));
  });

  it('retries a push that failed, without blocking the API answer', async () => {
    await rx.close();
    await setUp([500, 503]);
    await request(sim.app).post(`/__sim/groups/${G.orderGroup}/dismiss`).expect(200);
    await sim.state.callbacks.idle();
    expect(rx.received).toHaveLength(3);
    expect(new Set(rx.received.map((p) => p.query.get('msg_signature'))).size).toBe(3);
    expect(sim.state.callbacks.records[0]).toMatchObject({ status: 'delivered', attempts: 3 });
  });
});

describe('delivery like WeCom: a 5-second answer rule, three retries, measured acks', () => {
  let rx: ReturnType<typeof receiver>;
  afterEach(() => rx.close());

  async function simWith(statuses: number[], delaysMs: number[], timeoutMs = 1000) {
    rx = receiver(statuses, delaysMs);
    const url = await rx.listen();
    return testSimulator({
      callback: { url, token: TOKEN, encodingAesKey: AES_KEY },
      callbackDelivery: { retryDelaysMs: [20, 40, 60], timeoutMs },
    });
  }

  it('retries a push the receiver did not answer in time, and counts it as retried', async () => {
    const sim = await simWith([], [400], 150);
    await request(sim.app).post(`/__sim/groups/${G.orderGroup}/dismiss`).expect(200);
    await sim.state.callbacks.idle();
    expect(rx.received).toHaveLength(2);
    expect(sim.state.callbacks.records[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    const acks = await request(sim.app).get('/__sim/callbacks/acks').expect(200);
    expect(acks.body).toMatchObject({ attempts: 2, acked: 1, retried: 1, failed: 0, pending: 0 });
  });

  it('gives up after three retries (four attempts) and counts the push as failed', async () => {
    const sim = await simWith([503, 503, 503, 503, 200], []);
    await request(sim.app).post(`/__sim/groups/${G.orderGroup}/dismiss`).expect(200);
    await sim.state.callbacks.idle();
    expect(rx.received).toHaveLength(4);
    expect(sim.state.callbacks.records[0]).toMatchObject({ status: 'failed', attempts: 4 });
    const acks = await request(sim.app).get('/__sim/callbacks/acks').expect(200);
    expect(acks.body).toMatchObject({ attempts: 4, acked: 0, failed: 1, p99Ms: null });
  });

  it('reports how long the receiver took to acknowledge, with every sample on request', async () => {
    const sim = await simWith([], [0, 120]);
    await request(sim.app)
      .post(`/__sim/groups/${G.orderGroup}/members`)
      .send({ externalUserIds: [C.heLi], joinScene: 3 });
    await sim.state.callbacks.idle();
    await request(sim.app).post(`/__sim/groups/${G.orderGroup}/dismiss`).expect(200);
    expect((await request(sim.app).get('/__sim/callbacks/acks')).body.pending).toBe(1);
    await sim.state.callbacks.idle();
    const acks = await request(sim.app).get('/__sim/callbacks/acks?samples=1').expect(200);
    expect(acks.body).toMatchObject({ attempts: 2, acked: 2, retried: 0, pending: 0 });
    expect(acks.body.maxMs).toBeGreaterThanOrEqual(110);
    expect(acks.body.p50Ms).toBeLessThan(110);
    expect(acks.body.samples.map((s: { outcome: string }) => s.outcome)).toEqual(['ok', 'ok']);
    await request(sim.app).post('/__sim/callbacks/acks/reset').expect(200);
    expect((await request(sim.app).get('/__sim/callbacks/acks')).body).toMatchObject({ attempts: 0, maxMs: null });
  });
});

describe('buildCallbackPush', () => {
  it('round-trips through @wecom/crypto', () => {
    const push = buildCallbackPush({
      url: 'https://kequn.example.com/wecom/callback?tenant=1',
      token: TOKEN,
      encodingAesKey: AES_KEY,
      corpId: DEMO_CORP.corpId,
      agentId: DEMO_CORP.agentId,
      message: '<xml><Event><![CDATA[change_external_chat]]></Event></xml>',
      timestamp: 1767225600,
      nonce: '1234567890',
    });
    const url = new URL(push.url);
    expect(url.searchParams.get('tenant')).toBe('1');
    expect(url.searchParams.get('msg_signature')).toBe(getSignature(TOKEN, '1767225600', '1234567890', push.encrypted));
    expect(decrypt(AES_KEY, push.encrypted)).toMatchObject({
      id: DEMO_CORP.corpId,
      message: '<xml><Event><![CDATA[change_external_chat]]></Event></xml>',
    });
  });
});
