import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FeishuSimulator } from '../app';
import { DEMO_FEISHU } from '../tenant/demo';
import { openApi, orderChatBody, tenantToken, testFeishu } from '../test-helpers';

const { staff: S, customers: C } = DEMO_FEISHU;
let sim: FeishuSimulator;
let api: ReturnType<typeof openApi>;

beforeEach(async () => {
  sim = testFeishu();
  api = openApi(sim, await tenantToken(sim));
});

const create = (body: unknown, query: Record<string, string> = {}) =>
  api.post('/im/v1/chats', body, { user_id_type: 'open_id', ...query });
const opens = (openId: string) => request(sim.app).post(`/__feishu-sim/people/${openId}/open-bot`).expect(200);

describe('POST /im/v1/chats', () => {
  it('makes an external group with the staff owner, staff and a customer who opened the bot', async () => {
    await opens(C.chenXiaoming.openId);
    const res = await create(orderChatBody(C.chenXiaoming.openId), { uuid: 'order-A1001' });
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(0);
    expect(res.body.data).toMatchObject({
      owner_id: S.zhangsan.openId,
      owner_id_type: 'open_id',
      external: true,
      chat_type: 'private',
      chat_mode: 'group',
      name: '订单 A1001 服务群',
      tenant_key: DEMO_FEISHU.tenant.tenantKey,
    });
    expect(res.body.data.chat_id).toMatch(/^oc_[0-9a-f]{32}$/);
    const [chat] = sim.state.chats.all();
    expect(chat?.members).toEqual([S.zhangsan.openId, S.lisi.openId, C.chenXiaoming.openId]);
    expect(chat?.bots).toEqual([DEMO_FEISHU.appId]);
  });

  it('returns the SAME chat for the same uuid and owner within 10 hours, a new one after', async () => {
    await opens(C.linMeihua.openId);
    const body = orderChatBody(C.linMeihua.openId);
    const first = await create(body, { uuid: 'order-A1002' });
    const second = await create(body, { uuid: 'order-A1002' });
    expect(second.body.data.chat_id).toBe(first.body.data.chat_id);
    expect(sim.state.chats.all()).toHaveLength(1);
    // Another owner with the same uuid is another chat.
    const other = await create({ ...body, owner_id: S.wangwu.openId }, { uuid: 'order-A1002' });
    expect(other.body.data.chat_id).not.toBe(first.body.data.chat_id);
    sim.clock.advance(10 * 3600 * 1000 + 1);
    api = openApi(sim, await tenantToken(sim)); // the old token expired meanwhile
    const later = await create(body, { uuid: 'order-A1002' });
    expect(later.body.data.chat_id).not.toBe(first.body.data.chat_id);
    expect(sim.state.chats.all()).toHaveLength(3);
  });

  it('answers 232043 naming every customer who never opened the bot, and makes nothing', async () => {
    await opens(C.chenXiaoming.openId);
    const res = await create({
      ...orderChatBody(C.linMeihua.openId),
      user_id_list: [S.lisi.openId, C.chenXiaoming.openId, C.linMeihua.openId, C.liuFang.openId],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(232043);
    expect(res.body.msg).toContain(C.linMeihua.openId);
    expect(res.body.msg).toContain(C.liuFang.openId);
    expect(res.body.msg).not.toContain(C.chenXiaoming.openId);
    expect(res.body.error.field_violations.map((v: { value: string }) => v.value)).toEqual([
      C.linMeihua.openId,
      C.liuFang.openId,
    ]);
    expect(sim.state.chats.all()).toHaveLength(0);
  });

  it('enforces the owner and type rules of external chats', async () => {
    await opens(C.chenXiaoming.openId);
    const body = orderChatBody(C.chenXiaoming.openId);
    expect((await create({ ...body, chat_type: 'public' })).body.code).toBe(232069);
    const { owner_id: _omitted, ...ownerless } = body;
    expect((await create(ownerless)).body.code).toBe(232032);
    expect((await create({ ...body, owner_id: DEMO_FEISHU.botOpenId })).body.code).toBe(232032);
    expect((await create({ ...body, owner_id: C.chenXiaoming.openId })).body.code).toBe(232032);
    expect((await create({ ...body, owner_id: 'ou_nobody' })).body.code).toBe(232030);
    expect((await create({ ...body, user_id_list: ['ou_nobody'] })).body.code).toBe(232030);
    expect((await create({ ...body, external: false })).body.code).toBe(232001);
    await request(sim.app).post('/__feishu-sim/settings').send({ externalSharing: false }).expect(200);
    expect((await create(body)).body.code).toBe(232033);
    expect(sim.state.chats.all()).toHaveLength(0);
  });

  it('lets the bot own an internal chat when no owner is named', async () => {
    const res = await create({ name: '内部群', user_id_list: [S.lisi.openId, S.wangwu.openId] });
    expect(res.body.data).toMatchObject({ owner_id: DEMO_FEISHU.appId, owner_id_type: 'app_id', external: false });
  });

  it('answers 232001 to bad parameters: > 50 users, a long uuid, a wrong chat_mode, other id types', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `ou_${String(i).padStart(4, '0')}`);
    const tooMany = await create({ ...orderChatBody(C.chenXiaoming.openId), user_id_list: many });
    expect(tooMany.body.code).toBe(232001);
    expect(tooMany.body.error.field_violations[0].field).toBe('user_id_list');
    expect((await create(orderChatBody(C.chenXiaoming.openId), { uuid: 'x'.repeat(51) })).body.code).toBe(232001);
    expect((await create({ ...orderChatBody(C.chenXiaoming.openId), chat_mode: 'topic' })).body.code).toBe(232001);
    expect((await create(orderChatBody(C.chenXiaoming.openId), { user_id_type: 'user_id' })).body.code).toBe(232001);
    const malformed = await request(sim.app)
      .post('/open-apis/im/v1/chats')
      .set('authorization', `Bearer ${await tenantToken(sim)}`)
      .set('content-type', 'application/json')
      .send('{oops');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe(9499);
  });

  it('allows 50 creations a second per app: the 51st answers 232019; the histogram shows every arrival', async () => {
    const answers = await Promise.all(
      Array.from({ length: 52 }, (_, i) => create({ name: `群 ${i}`, user_id_list: [S.lisi.openId] })),
    );
    const codes = answers.map((r) => r.body.code as number);
    expect(codes.filter((c) => c === 0)).toHaveLength(50);
    expect(codes.filter((c) => c === 232019)).toHaveLength(2);
    sim.clock.advance(1000);
    expect((await create({ name: '下一秒', user_id_list: [S.lisi.openId] })).body.code).toBe(0);
    const rate = (await request(sim.app).get('/__feishu-sim/rate/chat-create')).body;
    expect(rate.maxPerSecond).toBe(52);
    expect(rate.total).toBe(53);
    expect(rate.perSecond.map((b: { calls: number; limited: number }) => [b.calls, b.limited])).toEqual([
      [52, 2],
      [1, 0],
    ]);
  });
});

describe('GET chat, members, and owner transfer', () => {
  async function orderChat(): Promise<string> {
    await opens(C.wangJianguo.openId);
    return (await create(orderChatBody(C.wangJianguo.openId), { uuid: 'order-A1003' })).body.data.chat_id as string;
  }

  it('reads a chat (counts as strings) and pages its members', async () => {
    const chatId = await orderChat();
    const info = await api.get(`/im/v1/chats/${chatId}`, { user_id_type: 'open_id' });
    expect(info.body.data).toMatchObject({
      owner_id: S.zhangsan.openId,
      external: true,
      user_count: '3',
      bot_count: '1',
    });
    expect(info.body.data.chat_id).toBeUndefined();
    const page1 = await api.get(`/im/v1/chats/${chatId}/members`, { member_id_type: 'open_id', page_size: '2' });
    expect(page1.body.data).toMatchObject({ has_more: true, member_total: 3 });
    expect(page1.body.data.items[0]).toEqual({
      member_id_type: 'open_id',
      member_id: S.zhangsan.openId,
      name: '张三',
      tenant_key: DEMO_FEISHU.tenant.tenantKey,
    });
    const page2 = await api.get(`/im/v1/chats/${chatId}/members`, {
      page_size: '2',
      page_token: page1.body.data.page_token,
    });
    expect(page2.body.data).toMatchObject({ has_more: false, page_token: '' });
    expect(page2.body.data.items[0]).toMatchObject({ member_id: C.wangJianguo.openId, name: '王建国' });
    expect((await api.get('/im/v1/chats/oc_missing')).body.code).toBe(232006);
    expect((await api.get(`/im/v1/chats/${chatId}/members`, { member_id_type: 'union_id' })).body.code).toBe(232015);
  });

  it('transfers the owner to a staff member of the chat only', async () => {
    const chatId = await orderChat();
    const put = (owner_id: string) => api.put(`/im/v1/chats/${chatId}`, { owner_id }, { user_id_type: 'open_id' });
    expect((await put(S.wangwu.openId)).body.code).toBe(232012);
    expect((await put(C.wangJianguo.openId)).body.code).toBe(232031);
    expect((await put('ou_nobody')).body.code).toBe(232030);
    const ok = await put(S.lisi.openId);
    expect(ok.body).toMatchObject({ code: 0, data: {} });
    expect((await api.get(`/im/v1/chats/${chatId}`)).body.data.owner_id).toBe(S.lisi.openId);
  });
});
