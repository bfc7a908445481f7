import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../app';
import { DEMO_CHAT_IDS, DEMO_CUSTOMER_IDS as C } from '../corp/demo-seed';
import { cgiPost, testSimulator, tokenFor } from '../test-helpers';

let sim: Simulator;
beforeEach(() => {
  sim = testSimulator();
});

const open = (body: Record<string, unknown>) =>
  request(sim.app)
    .post('/__sim/client/open-enterprise-chat')
    .send({ callerUserId: 'zhangsan', appIdentity: true, ...body });

describe('openEnterpriseChat', () => {
  it('opens a one-to-one chat when only one other participant is named', async () => {
    const res = await open({ externalUserIds: [C.linMeihua], userIds: ['zhangsan'], groupName: '订单 A1002' });
    expect(res.body).toEqual({ ok: true, chatId: null, kind: 'single' });
    expect(sim.state.groups.list()).toHaveLength(3);
  });

  it('creates a customer group with two or more participants and returns its chatId under app identity', async () => {
    const res = await open({ userIds: ['wangwu'], externalUserIds: [C.linMeihua], groupName: '林美华 · 订单 A1002' });
    expect(res.body).toMatchObject({ ok: true, kind: 'group' });
    const chatId = res.body.chatId as string;
    expect(chatId).toMatch(/^wr/);
    const get = await cgiPost(sim, '/externalcontact/groupchat/get', await tokenFor(sim), { chat_id: chatId });
    expect(get.body.group_chat).toMatchObject({ owner: 'zhangsan', name: '林美华 · 订单 A1002' });
    const members = get.body.group_chat.member_list as Array<Record<string, unknown>>;
    expect(members.map((m) => m.userid)).toEqual(['zhangsan', 'wangwu', C.linMeihua]);
    expect(members[2]).toMatchObject({ type: 2, join_scene: 1, invitor: { userid: 'zhangsan' } });
  });

  it('creates the group but withholds the chatId without app identity', async () => {
    const res = await open({ appIdentity: false, externalUserIds: [C.linMeihua, C.liuFang] });
    expect(res.body).toEqual({ ok: true, chatId: null, kind: 'group' });
    expect(sim.state.groups.list()).toHaveLength(4);
  });

  it('with chatId opens that customer group and ignores the rest', async () => {
    const res = await open({ chatId: DEMO_CHAT_IDS.orderGroup, externalUserIds: [C.linMeihua, C.liuFang] });
    expect(res.body).toEqual({ ok: true, chatId: DEMO_CHAT_IDS.orderGroup, kind: 'group' });
    expect(sim.state.groups.list()).toHaveLength(3);
  });

  it('refuses chatId of an internal group ("unsupported chat")', async () => {
    const internal = await open({ userIds: ['lisi', 'wangwu'] });
    expect(internal.body.kind).toBe('group');
    const res = await open({ chatId: internal.body.chatId });
    expect(res.body).toEqual({ ok: false, errMsg: 'openEnterpriseChat:unsupported chat' });
  });

  it('rejects unknown people and customers who are not the caller’s contacts', async () => {
    expect((await open({ userIds: ['ghost', 'lisi'] })).body).toMatchObject({
      ok: false,
      errMsg: 'openEnterpriseChat:invalid userIds',
    });
    expect((await open({ externalUserIds: ['wmghost', C.liuFang] })).body.ok).toBe(false);
    expect((await open({ externalUserIds: [C.xieTian, C.liuFang] })).body).toMatchObject({
      ok: false,
      errMsg: 'openEnterpriseChat:invalid externalUserIds',
    });
  });

  it('caps groups with a personal-WeChat customer at 40 members', async () => {
    const customers = Array.from({ length: 45 }, (_, i) => ({
      externalUserId: `wmbulk${String(i).padStart(3, '0')}`,
      name: `客户${i}`,
      type: i === 0 ? 1 : 2,
      follows: [{ userId: 'zhangsan' }],
    }));
    await request(sim.app)
      .post('/__sim/seed')
      .send({ staff: [{ userId: 'zhangsan', name: '张三' }], customers })
      .expect(200);
    const ids = customers.map((c) => c.externalUserId);
    expect((await open({ externalUserIds: ids.slice(0, 40) })).body).toEqual({
      ok: false,
      errMsg: 'openEnterpriseChat:exceed max member limit',
    });
    expect((await open({ externalUserIds: ids.slice(0, 39) })).body.ok).toBe(true);
    // Without any WeChat user (type 1) the external limit is 500.
    expect((await open({ externalUserIds: ids.slice(1, 45) })).body.ok).toBe(true);
  });
});

describe('openExistedChatWithMsg support', () => {
  it('knows live groups only', async () => {
    const ok = await request(sim.app).post('/__sim/client/open-existed-chat').send({ chatId: DEMO_CHAT_IDS.vipGroup });
    expect(ok.body).toEqual({ ok: true });
    await request(sim.app).post(`/__sim/groups/${DEMO_CHAT_IDS.vipGroup}/dismiss`).expect(200);
    const gone = await request(sim.app)
      .post('/__sim/client/open-existed-chat')
      .send({ chatId: DEMO_CHAT_IDS.vipGroup });
    expect(gone.body.ok).toBe(false);
  });

  it('opens a chat only for someone in it, as the client does', async () => {
    const open = (callerUserId: string) =>
      request(sim.app).post('/__sim/client/open-existed-chat').send({ chatId: DEMO_CHAT_IDS.vipGroup, callerUserId });
    expect((await open('lisi')).body).toEqual({ ok: true }); // the owner
    expect((await open('zhaoliu')).body).toEqual({ ok: false, errMsg: 'openExistedChatWithMsg:invalid chatId' });
  });
});
