import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../app';
import { DEMO_CALLBACK_ENCODING_AES_KEY, DEMO_CALLBACK_TOKEN } from '../corp/config';
import { DEMO_CHAT_IDS as G, DEMO_CUSTOMER_IDS as C } from '../corp/demo-seed';
import { cgiPost, testSimulator, tokenFor } from '../test-helpers';

let sim: Simulator;
beforeEach(() => {
  sim = testSimulator();
});

// The order group: owner zhangsan, wangwu and the customer chenXiaoming.
const update = (body: Record<string, unknown>) =>
  request(sim.app)
    .post('/__sim/client/update-enterprise-chat')
    .send({ callerUserId: 'zhangsan', chatId: G.orderGroup, ...body });

async function members(chatId: string) {
  const get = await cgiPost(sim, '/externalcontact/groupchat/get', await tokenFor(sim), { chat_id: chatId });
  return get.body.group_chat.member_list as Array<Record<string, unknown>>;
}

describe('updateEnterpriseChat', () => {
  it('adds staff invited by the caller (join_scene 1) at the simulator time', async () => {
    sim.clock.advance(3600 * 1000);
    const res = await update({ userIdsToAdd: ['lisi', 'zhaoliu'] });
    expect(res.body).toEqual({ ok: true, chatId: G.orderGroup, added: ['lisi', 'zhaoliu'] });
    const list = await members(G.orderGroup);
    expect(list.map((m) => m.userid)).toEqual(['zhangsan', 'wangwu', C.chenXiaoming, 'lisi', 'zhaoliu']);
    expect(list[3]).toMatchObject({
      type: 1,
      join_scene: 1,
      invitor: { userid: 'zhangsan' },
      join_time: Math.floor(sim.clock.now() / 1000),
    });
  });

  it('pushes change_external_chat update/add_member like any member change', async () => {
    // Nobody listens there: the delivery record still holds the message WeCom would send.
    const callback = {
      url: 'http://127.0.0.1:9/cb',
      token: DEMO_CALLBACK_TOKEN,
      encodingAesKey: DEMO_CALLBACK_ENCODING_AES_KEY,
    };
    sim = testSimulator({ callback, callbackDelivery: { retryDelaysMs: [], timeoutMs: 200 } });
    await update({ userIdsToAdd: ['lisi', 'zhaoliu'] });
    await sim.state.callbacks.idle();
    const [push] = sim.state.callbacks.records;
    expect(sim.state.callbacks.records).toHaveLength(1);
    expect(push?.message).toContain('<Event><![CDATA[change_external_chat]]></Event>');
    expect(push?.message).toContain(`<ChatId><![CDATA[${G.orderGroup}]]></ChatId>`);
    expect(push?.message).toContain('<UpdateDetail><![CDATA[add_member]]></UpdateDetail>');
    // The callback's JoinScene says 0 for an invitation (member_list.join_scene says 1).
    expect(push?.message).toContain('<JoinScene>0</JoinScene>');
    expect(push?.message).toContain('<MemChangeList><Item>lisi</Item><Item>zhaoliu</Item></MemChangeList>');
  });

  it('lets any staff member of the group add, not only the owner', async () => {
    const res = await update({ callerUserId: 'wangwu', userIdsToAdd: ['sunqi'] });
    expect(res.body.ok).toBe(true);
    expect((await members(G.orderGroup)).at(-1)).toMatchObject({ userid: 'sunqi', invitor: { userid: 'wangwu' } });
  });

  it('skips people already in the group and changes nothing when nobody is new', async () => {
    expect((await update({ userIdsToAdd: ['wangwu', 'lisi', 'lisi'] })).body.added).toEqual(['lisi']);
    const before = sim.state.groups.require(G.orderGroup).version;
    expect((await update({ userIdsToAdd: ['wangwu'] })).body).toEqual({ ok: true, chatId: G.orderGroup, added: [] });
    expect(sim.state.groups.require(G.orderGroup).version).toBe(before);
  });

  it('refuses customers, unknown and departed staff, and an empty list', async () => {
    const refused = { ok: false, errMsg: 'updateEnterpriseChat:invalid userIdsToAdd' };
    expect((await update({ userIdsToAdd: [C.linMeihua] })).body).toEqual(refused);
    expect((await update({ userIdsToAdd: ['lisi', 'ghost'] })).body).toEqual(refused);
    expect((await update({ userIdsToAdd: [] })).body).toEqual(refused);
    await request(sim.app).post('/__sim/staff/sunqi/resign').expect(200);
    expect((await update({ userIdsToAdd: ['sunqi'] })).body).toEqual(refused);
    expect((await members(G.orderGroup)).map((m) => m.userid)).toEqual(['zhangsan', 'wangwu', C.chenXiaoming]);
  });

  it('works on live customer groups only ("unsupported chat" for internal ones)', async () => {
    const internal = await request(sim.app)
      .post('/__sim/client/open-enterprise-chat')
      .send({ callerUserId: 'zhangsan', userIds: ['lisi', 'wangwu'], appIdentity: true });
    expect((await update({ chatId: internal.body.chatId, userIdsToAdd: ['sunqi'] })).body).toEqual({
      ok: false,
      errMsg: 'updateEnterpriseChat:unsupported chat',
    });
    expect((await update({ chatId: 'wrnope', userIdsToAdd: ['sunqi'] })).body.errMsg).toBe(
      'updateEnterpriseChat:invalid chatId',
    );
    await request(sim.app).post(`/__sim/groups/${G.vipGroup}/dismiss`).expect(200);
    const dismissed = await update({ callerUserId: 'lisi', chatId: G.vipGroup, userIdsToAdd: ['sunqi'] });
    expect(dismissed.body.errMsg).toBe('updateEnterpriseChat:invalid chatId');
  });

  it('needs the caller in the group and in the corp', async () => {
    expect((await update({ callerUserId: 'lisi', userIdsToAdd: ['sunqi'] })).body).toEqual({
      ok: false,
      errMsg: 'updateEnterpriseChat:not in chat',
    });
    expect((await update({ callerUserId: 'ghost', userIdsToAdd: ['sunqi'] })).body.errMsg).toBe(
      'updateEnterpriseChat:invalid callerUserId',
    );
  });

  it('stops at the customer group limit of 500', async () => {
    const staff = Array.from({ length: 501 }, (_, i) => ({ userId: `s${i}`, name: `员工${i}` }));
    await request(sim.app).post('/__sim/seed').send({ staff }).expect(200);
    const shell = await request(sim.app).post('/__sim/groups').send({ owner: 's0', name: '大群' }).expect(201);
    const ids = staff.slice(1).map((s) => s.userId);
    const full = await update({ callerUserId: 's0', chatId: shell.body.chatId, userIdsToAdd: ids });
    expect(full.body).toEqual({ ok: false, errMsg: 'updateEnterpriseChat:exceed max member limit' });
    const fits = await update({ callerUserId: 's0', chatId: shell.body.chatId, userIdsToAdd: ids.slice(0, 499) });
    expect(fits.body.added).toHaveLength(499);
  });

  it('answers 400 for a malformed body', async () => {
    const res = await request(sim.app).post('/__sim/client/update-enterprise-chat').send({ chatId: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: expect.any(String) });
  });
});
