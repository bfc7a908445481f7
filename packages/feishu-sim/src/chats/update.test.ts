import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FeishuSimulator } from '../app';
import { DEMO_FEISHU } from '../tenant/demo';
import { openApi, orderChatBody, tenantToken, testFeishu } from '../test-helpers';

const { staff: S, customers: C } = DEMO_FEISHU;
let sim: FeishuSimulator;
let api: ReturnType<typeof openApi>;
let chatId: string;

beforeEach(async () => {
  sim = testFeishu({ settings: { memberAddDurationMs: 0 } });
  api = openApi(sim, await tenantToken(sim));
  await request(sim.app).post(`/__feishu-sim/people/${C.chenXiaoming.openId}/open-bot`).expect(200);
  const created = await api.post('/im/v1/chats', orderChatBody(C.chenXiaoming.openId), { uuid: 'order-U1' });
  chatId = created.body.data.chat_id as string;
});

const put = (body: Record<string, unknown>, id = chatId) =>
  api.put(`/im/v1/chats/${id}`, body, { user_id_type: 'open_id' });

describe('PUT /im/v1/chats/:chat_id (owner transfer)', () => {
  it('moves the owner once, keeps the old owner as a member, and treats the same owner again as done', async () => {
    expect((await put({ owner_id: S.lisi.openId })).body).toMatchObject({ code: 0, data: {} });
    expect((await put({ owner_id: S.lisi.openId })).body.code).toBe(0);
    const chat = sim.state.chats.get(chatId);
    expect(chat?.ownerId).toBe(S.lisi.openId);
    expect(chat?.members).toContain(S.zhangsan.openId);
    expect(chat?.ownerChanges).toEqual([{ from: S.zhangsan.openId, to: S.lisi.openId, at: expect.any(Number) }]);
  });

  it('wants the new owner in the chat first (232012), then lets the transfer through', async () => {
    expect((await put({ owner_id: S.wangwu.openId })).body.code).toBe(232012);
    await api.post(`/im/v1/chats/${chatId}/members`, { id_list: [S.wangwu.openId] }, { member_id_type: 'open_id' });
    expect((await put({ owner_id: S.wangwu.openId })).body.code).toBe(0);
  });

  it('refuses a customer (232031), the bot (232001) and an unknown id (232030)', async () => {
    expect((await put({ owner_id: C.chenXiaoming.openId })).body.code).toBe(232031);
    expect((await put({ owner_id: DEMO_FEISHU.appId })).body.code).toBe(232001);
    const unknown = await put({ owner_id: 'ou_nobody' });
    expect(unknown.body.code).toBe(232030);
    expect(unknown.body.error.field_violations[0]).toMatchObject({ field: 'owner_id', value: 'ou_nobody' });
  });

  it('answers 232009 for a dissolved chat (members too) and 232011 once the bot was removed', async () => {
    sim.state.chats.dissolve(chatId);
    expect((await put({ owner_id: S.lisi.openId })).body.code).toBe(232009);
    const add = await api.post(`/im/v1/chats/${chatId}/members`, { id_list: [S.wangwu.openId] });
    expect(add.body.code).toBe(232009);
    expect((await api.get(`/im/v1/chats/${chatId}`)).body.data.chat_status).toBe('dissolved');

    const other = await api.post('/im/v1/chats', orderChatBody(C.chenXiaoming.openId), { uuid: 'order-U2' });
    const otherId = other.body.data.chat_id as string;
    sim.state.chats.removeBot(otherId, DEMO_FEISHU.appId);
    expect((await put({ owner_id: S.lisi.openId }, otherId)).body.code).toBe(232011);
  });

  it('limits updates to 50 a second per app (232019), and lets them through the next second', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 51; i += 1) codes.push((await put({ name: `群 ${i}` })).body.code as number);
    expect(codes.filter((c) => c === 0)).toHaveLength(50);
    expect(codes.at(-1)).toBe(232019);
    sim.state.clock.advance(1_000);
    expect((await put({ name: '下一秒' })).body.code).toBe(0);
  });
});
