import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFeishuSimulator, type FeishuSimulator } from '../app';
import { startFeishuSimulator, type StartedFeishuSimulator } from '../server';
import { DEMO_FEISHU } from '../tenant/demo';
import { openApi, orderChatBody, tenantToken, testFeishu } from '../test-helpers';
import { feishuSimControl, FeishuSimControlError } from './client';

const { staff: S, customers: C } = DEMO_FEISHU;

describe('chat-creation faults', () => {
  let sim: FeishuSimulator;
  let api: ReturnType<typeof openApi>;
  beforeEach(async () => {
    sim = testFeishu();
    api = openApi(sim, await tenantToken(sim));
    await request(sim.app).post(`/__feishu-sim/people/${C.chenXiaoming.openId}/open-bot`).expect(200);
  });
  const create = () => api.post('/im/v1/chats', orderChatBody(C.chenXiaoming.openId), { uuid: 'order-F1' });
  const fail = (kind: string, times = 1) =>
    request(sim.app).post('/__feishu-sim/faults/chat-create').send({ kind, times }).expect(201);

  it('answers 232068 (group being created) for the next N creations, then creates', async () => {
    await fail('creating', 2);
    expect((await create()).body.code).toBe(232068);
    expect((await create()).body.code).toBe(232068);
    expect((await create()).body.code).toBe(0);
    expect(sim.state.chats.all()).toHaveLength(1);
  });

  it('answers 232019, or HTTP 429 / 99991400 with x-ogw-ratelimit-reset', async () => {
    await fail('rate_limited');
    expect((await create()).body.code).toBe(232019);
    await request(sim.app).post('/__feishu-sim/faults/chat-create').send({ kind: 'http_429', resetSeconds: 3 });
    const throttled = await create();
    expect(throttled.status).toBe(429);
    expect(throttled.body.code).toBe(99991400);
    expect(throttled.headers['x-ogw-ratelimit-reset']).toBe('3');
    expect(sim.state.chats.all()).toHaveLength(0);
  });

  it('loses the answer after creating (socket destroyed): a retry with the same uuid gets the same chat', async () => {
    await fail('lost_socket');
    await expect(create()).rejects.toThrow(/socket hang up|ECONNRESET/);
    const [made] = sim.state.chats.all();
    expect(made?.uuid).toBe('order-F1');
    const retry = await create();
    expect(retry.body.data.chat_id).toBe(made?.chatId);
    expect(sim.state.chats.all()).toHaveLength(1);
  });

  it('loses the answer behind a gateway 504', async () => {
    await fail('lost_504');
    const res = await create();
    expect(res.status).toBe(504);
    expect(res.text).toContain('504');
    expect(sim.state.chats.all()).toHaveLength(1);
  });

  it('accepts general faults by endpoint, and counts every call', async () => {
    await request(sim.app)
      .post('/__feishu-sim/faults')
      .send({ endpoint: '* /open-apis/im/v1/chats/:chat_id*', httpStatus: 503, times: 1 })
      .expect(201);
    expect((await api.get('/im/v1/chats/oc_x')).status).toBe(503);
    expect((await api.get('/im/v1/chats/oc_x')).body.code).toBe(232006);
    const calls = (await request(sim.app).get('/__feishu-sim/calls')).body;
    expect(calls).toMatchObject({
      'POST /open-apis/auth/v3/tenant_access_token/internal': 1,
      'GET /open-apis/im/v1/chats/:chat_id': 2,
    });
    const bad = await request(sim.app).post('/__feishu-sim/faults').send({ endpoint: 'POST /open-apis/im/v1/chats' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
  });
});

describe('reset, seed, settings', () => {
  let sim: FeishuSimulator;
  beforeEach(() => {
    sim = testFeishu();
  });

  it('reset forgets chats, reach, tokens, faults, calls and the clock offset', async () => {
    const api = openApi(sim, await tenantToken(sim));
    await request(sim.app).post(`/__feishu-sim/people/${C.chenXiaoming.openId}/open-bot`);
    await api.post('/im/v1/chats', orderChatBody(C.chenXiaoming.openId));
    await request(sim.app).post('/__feishu-sim/clock/advance').send({ seconds: 60 });
    await request(sim.app).post('/__feishu-sim/reset').expect(200);
    expect((await request(sim.app).get('/__feishu-sim/chats')).body.chats).toEqual([]);
    expect((await request(sim.app).get('/__feishu-sim/calls')).body).toEqual({});
    expect((await request(sim.app).get('/__feishu-sim/clock')).body.offsetMs).toBe(0);
    expect((await api.get('/im/v1/chats/oc_x')).body.code).toBe(99991663);
    const directory = (await request(sim.app).get('/__feishu-sim/directory')).body;
    expect(directory.customers.every((c: { openedBot: boolean }) => !c.openedBot)).toBe(true);
  });

  it('replaces the tenant with a valid seed and rejects an invalid one', async () => {
    const seed = {
      tenant: { tenantKey: 'tk1', name: '另一家' },
      app: { appId: 'cli_other000001', appSecret: 'other-secret-1', botOpenId: 'ou_bot1' },
      staff: [{ openId: 'ou_s1', name: '甲' }],
      customers: [{ openId: 'ou_c1', name: '乙', openedBot: true }],
    };
    expect(
      (
        await request(sim.app)
          .post('/__feishu-sim/seed')
          .send({ ...seed, staff: [] })
      ).status,
    ).toBe(400);
    const dup = await request(sim.app)
      .post('/__feishu-sim/seed')
      .send({ ...seed, customers: [{ openId: 'ou_s1', name: '重复' }] });
    expect(dup.status).toBe(400);
    expect(dup.body.error.message).toContain('ou_s1');
    await request(sim.app).post('/__feishu-sim/seed').send(seed).expect(200);
    const token = await request(sim.app)
      .post('/open-apis/auth/v3/tenant_access_token/internal')
      .send({ app_id: 'cli_other000001', app_secret: 'other-secret-1' });
    const api = openApi(sim, token.body.tenant_access_token as string);
    const chat = await api.post('/im/v1/chats', { owner_id: 'ou_s1', user_id_list: ['ou_c1'], external: true });
    expect(chat.body.data).toMatchObject({ owner_id: 'ou_s1', tenant_key: 'tk1' });
  });

  it('validates settings and never shows the encrypt key or token', async () => {
    expect((await request(sim.app).post('/__feishu-sim/settings').send({ eventUrl: 'ftp://x' })).status).toBe(400);
    expect((await request(sim.app).post('/__feishu-sim/settings').send({ nonsense: 1 })).status).toBe(400);
    const res = await request(sim.app)
      .post('/__feishu-sim/settings')
      .send({ eventUrl: 'http://127.0.0.1:9/cb', encryptKey: null });
    expect(res.body).toMatchObject({ eventUrl: 'http://127.0.0.1:9/cb', encrypted: false, verificationTokenSet: true });
    expect(JSON.stringify(res.body)).not.toContain(DEMO_FEISHU.verificationToken);
    const malformed = await request(sim.app)
      .post('/__feishu-sim/settings')
      .set('content-type', 'application/json')
      .send('{oops');
    expect(malformed.status).toBe(400);
  });

  it('lists chats with members and names', async () => {
    const api = openApi(sim, await tenantToken(sim));
    await request(sim.app).post(`/__feishu-sim/people/${C.liuFang.openId}/open-bot`);
    await api.post('/im/v1/chats', orderChatBody(C.liuFang.openId), { uuid: 'order-L1' });
    const [chat] = (await request(sim.app).get('/__feishu-sim/chats')).body.chats;
    expect(chat).toMatchObject({ uuid: 'order-L1', external: true, ownerId: S.zhangsan.openId });
    expect(chat.members.map((m: { name: string; kind: string }) => `${m.name}/${m.kind}`)).toEqual([
      '张三/staff',
      '李四/staff',
      '刘芳/customer',
    ]);
  });
});

describe('mounting', () => {
  it('lives beside another simulator: /open-apis and /__feishu-sim only, the rest falls through', async () => {
    const feishu = createFeishuSimulator({ controlApi: true });
    const outer = express();
    outer.use(feishu.app);
    outer.get('/__sim/context', (_req, res) => {
      res.json({ wecom: true });
    });
    outer.get('/cgi-bin/gettoken', (_req, res) => {
      res.json({ errcode: 0 });
    });
    expect((await request(outer).get('/__sim/context')).body).toEqual({ wecom: true });
    expect((await request(outer).get('/cgi-bin/gettoken')).body).toEqual({ errcode: 0 });
    expect((await request(outer).get('/__feishu-sim/directory')).status).toBe(200);
    expect((await request(outer).get('/__feishu-sim/nope')).status).toBe(404);
  });

  it('hides the control API when disabled but keeps the platform API', async () => {
    const quiet = createFeishuSimulator({ controlApi: false });
    const outer = express().use(quiet.app);
    expect((await request(outer).post('/__feishu-sim/reset')).status).toBe(404);
    expect((await tenantToken(quiet)).startsWith('t-')).toBe(true);
  });
});

describe('phone page', () => {
  it('serves a page without inline script, its script, and the bot QR', async () => {
    const sim = testFeishu();
    const outer = express();
    outer.use('/demo', sim.app);
    const page = await request(outer).get('/demo/__feishu-sim/phone').query({ customer: C.chenXiaoming.openId });
    expect(page.status).toBe(200);
    expect(page.text).toContain('陈晓明');
    expect(page.text).toContain('打开机器人');
    expect(page.text).toContain('data-base="/demo/__feishu-sim"');
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.[1]).toContain('src="/demo/__feishu-sim/phone.js"');
    expect(scripts[0]?.[2]?.trim()).toBe('');
    const js = await request(outer).get('/demo/__feishu-sim/phone.js');
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.text).toContain('/open-bot');
    const qr = await request(outer).get('/demo/__feishu-sim/bot-qr.svg');
    expect(qr.headers['content-type']).toContain('svg');
    const chooser = await request(outer).get('/demo/__feishu-sim/phone');
    expect(chooser.text).toContain('林美华');
    expect((await request(outer).get('/demo/__feishu-sim/phone').query({ customer: 'ou_nobody' })).status).toBe(404);
  });

  it('shows both sides of the one-to-one chat through the control API', async () => {
    const sim = testFeishu();
    const api = openApi(sim, await tenantToken(sim));
    const before = await request(sim.app)
      .post(`/__feishu-sim/people/${C.linMeihua.openId}/messages`)
      .send({ text: 'x' });
    expect(before.status).toBe(409);
    await request(sim.app).post(`/__feishu-sim/people/${C.linMeihua.openId}/open-bot`);
    await request(sim.app).post(`/__feishu-sim/people/${C.linMeihua.openId}/messages`).send({ text: 'A1002' });
    await api.post(
      '/im/v1/messages',
      { receive_id: C.linMeihua.openId, msg_type: 'text', content: JSON.stringify({ text: '已收到' }) },
      { receive_id_type: 'open_id' },
    );
    const view = (await request(sim.app).get(`/__feishu-sim/people/${C.linMeihua.openId}/chat`)).body;
    expect(view).toMatchObject({ opened: true, person: { name: '林美华', kind: 'customer' } });
    expect(view.messages.map((m: { from: string; text: string }) => [m.from === 'bot' ? 'bot' : 'me', m.text])).toEqual(
      [
        ['me', 'A1002'],
        ['bot', '已收到'],
      ],
    );
  });
});

describe('feishuSimControl over real HTTP', () => {
  let started: StartedFeishuSimulator;
  beforeAll(async () => {
    started = await startFeishuSimulator({ port: 0 });
  });
  afterAll(() => started.close());

  it('drives the simulator through typed methods', async () => {
    const control = feishuSimControl(started.url);
    await control.reset();
    const opened = await control.openBot(C.wangJianguo.openId);
    expect(opened.first).toBe(true);
    expect(opened.delivery.status).toBe('skipped');
    expect(await control.event(opened.eventKey)).toMatchObject({ type: 'event_callback', uuid: opened.eventKey });
    await control.say(C.wangJianguo.openId, '你好');
    expect((await control.personChat(C.wangJianguo.openId)).messages).toHaveLength(1);
    await control.failChatCreates('creating', 1);
    expect(await control.faults()).toHaveLength(1);
    const token = await fetch(`${started.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: DEMO_FEISHU.appId, app_secret: DEMO_FEISHU.appSecret }),
    }).then((r) => r.json() as Promise<{ tenant_access_token: string }>);
    const created = await fetch(`${started.url}/open-apis/im/v1/chats?user_id_type=open_id&uuid=u1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.tenant_access_token}` },
      body: JSON.stringify(orderChatBody(C.wangJianguo.openId)),
    });
    expect(created.status).toBe(400);
    expect(((await created.json()) as { code: number }).code).toBe(232068);
    expect(await control.calls()).toEqual({
      'POST /open-apis/auth/v3/tenant_access_token/internal': 1,
      'POST /open-apis/im/v1/chats': 1,
    });
    expect((await control.chatCreateRate()).total).toBe(1);
    expect((await control.tokens()).fetches).toBe(1);
    expect(await control.chats()).toEqual([]);
    expect(await control.botMessages({ to: C.wangJianguo.openId })).toEqual([]);
    expect((await control.settings({ memberAddDurationMs: 10 })).memberAddDurationMs).toBe(10);
    await expect(control.openBot('ou_nobody')).rejects.toBeInstanceOf(FeishuSimControlError);
    expect((await fetch(`${started.url}/elsewhere`)).status).toBe(404);
  });
});
