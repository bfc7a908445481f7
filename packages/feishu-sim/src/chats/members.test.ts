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
  const created = await api.post('/im/v1/chats', orderChatBody(C.chenXiaoming.openId), { uuid: 'order-M1' });
  chatId = created.body.data.chat_id as string;
});

const add = (ids: string[], query: Record<string, string> = {}) =>
  api.post(`/im/v1/chats/${chatId}/members`, { id_list: ids }, { member_id_type: 'open_id', ...query });
const members = () => sim.state.chats.get(chatId)?.members ?? [];

describe('POST /im/v1/chats/:chat_id/members', () => {
  it('adds staff and customers who opened the bot; already-members are fine', async () => {
    await request(sim.app).post(`/__feishu-sim/people/${C.linMeihua.openId}/open-bot`).expect(200);
    const res = await add([S.wangwu.openId, C.linMeihua.openId, S.lisi.openId]);
    expect(res.body).toMatchObject({
      code: 0,
      data: { invalid_id_list: [], not_existed_id_list: [], pending_approval_id_list: [] },
    });
    expect(members()).toEqual([
      S.zhangsan.openId,
      S.lisi.openId,
      C.chenXiaoming.openId,
      S.wangwu.openId,
      C.linMeihua.openId,
    ]);
  });

  it('refuses the whole call (232043) for a customer who never opened the bot, by default', async () => {
    const res = await add([S.wangwu.openId, C.liuFang.openId]);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(232043);
    expect(res.body.msg).toContain(C.liuFang.openId);
    expect(members()).not.toContain(S.wangwu.openId);
    expect((await add(['ou_nobody'])).body.code).toBe(232030);
  });

  it('with succeed_type=1 adds what it can and lists the rest', async () => {
    const res = await add([S.wangwu.openId, C.liuFang.openId, 'ou_nobody'], { succeed_type: '1' });
    expect(res.body.data).toEqual({
      invalid_id_list: [C.liuFang.openId],
      not_existed_id_list: ['ou_nobody'],
      pending_approval_id_list: [],
    });
    expect(members()).toContain(S.wangwu.openId);
    expect(members()).not.toContain(C.liuFang.openId);
  });

  it('answers 232019 to a second add on the same chat while the first is running', async () => {
    sim.state.settings.memberAddDurationMs = 80;
    const [first, second] = await Promise.all([add([S.wangwu.openId]), add([S.zhaoliu.openId])]);
    expect(first.body.code).toBe(0);
    expect(second.body.code).toBe(232019);
    expect(members()).toContain(S.wangwu.openId);
    expect(members()).not.toContain(S.zhaoliu.openId);
    // Serialized, the second one succeeds.
    expect((await add([S.zhaoliu.openId])).body.code).toBe(0);
  });

  it('validates the request: empty or > 50 ids, unknown chat, other id types', async () => {
    expect((await add([])).body.code).toBe(232001);
    const many = Array.from({ length: 51 }, (_, i) => `ou_${i}`);
    expect((await add(many)).body.code).toBe(232001);
    expect((await add([S.wangwu.openId], { member_id_type: 'user_id' })).body.code).toBe(232015);
    const unknown = await api.post('/im/v1/chats/oc_missing/members', { id_list: [S.wangwu.openId] });
    expect(unknown.body.code).toBe(232006);
  });

  it('keeps customers out of internal chats', async () => {
    const internal = await api.post('/im/v1/chats', { name: '内部', owner_id: S.zhangsan.openId });
    const res = await api.post(
      `/im/v1/chats/${internal.body.data.chat_id as string}/members`,
      { id_list: [C.chenXiaoming.openId] },
      { succeed_type: '1' },
    );
    expect(res.body.data.invalid_id_list).toEqual([C.chenXiaoming.openId]);
  });
});
