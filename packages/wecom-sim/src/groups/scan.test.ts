import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../app';
import { DEMO_CORP } from '../corp/config';
import { DEMO_CHAT_IDS as G, DEMO_CUSTOMER_IDS as C } from '../corp/demo-seed';
import { cgiPost, testSimulator, tokenFor } from '../test-helpers';
import { QR_JOIN_LIMIT } from './scan';

let sim: Simulator;
let token: string;
beforeEach(async () => {
  sim = testSimulator();
  token = await tokenFor(sim);
});

const post = (path: string, body: unknown) => cgiPost(sim, `/externalcontact/groupchat${path}`, token, body);
const scan = (configId: string, externalUserId: string) =>
  request(sim.app).post(`/__sim/join-ways/${configId}/scan`).send({ externalUserId });

/** Fills a group up to the QR cap with staff-side filler members straight in the store. */
function fill(chatId: string): void {
  const group = sim.state.groups.require(chatId);
  while (group.members.length < QR_JOIN_LIMIT) {
    group.members.push({ id: `filler${group.members.length}`, type: 2, joinTime: 0, joinScene: 3, groupNickname: '' });
  }
}

async function addWay(body: Record<string, unknown>): Promise<string> {
  const res = await post('/add_join_way', { scene: 2, chat_id_list: [G.orderGroup], state: 'A1001', ...body });
  expect(res.body.errcode).toBe(0);
  return res.body.config_id as string;
}

describe('scanning a join way', () => {
  it('joins the first group with room, with join_scene 3 and the way state', async () => {
    const configId = await addWay({ chat_id_list: [G.orderGroup, G.vipGroup] });
    fill(G.orderGroup);
    const res = await scan(configId, C.heLi);
    expect(res.body).toMatchObject({ ok: true, chatId: G.vipGroup, created: false });
    const member = (await post('/get', { chat_id: G.vipGroup })).body.group_chat.member_list.at(-1);
    expect(member).toMatchObject({ userid: C.heLi, type: 2, join_scene: 3, state: 'A1001' });
  });

  it('with auto_create_room 1 (the default) makes room_base_name + room_base_id when all are full', async () => {
    const configId = await addWay({ room_base_name: '订单服务群', room_base_id: 7 });
    fill(G.orderGroup);
    const first = await scan(configId, C.heLi);
    expect(first.body).toMatchObject({ ok: true, created: true });
    const group = (await post('/get', { chat_id: first.body.chatId, need_name: 1 })).body.group_chat;
    // Owned by the owner of the last listed group (zhangsan owns the order group).
    expect(group).toMatchObject({ name: '订单服务群7', owner: 'zhangsan' });
    expect(group.member_list.map((m: { userid: string }) => m.userid)).toEqual(['zhangsan', C.heLi]);
    expect(group.member_list[1]).toMatchObject({ join_scene: 3, state: 'A1001' });
    const way = (await post('/get_join_way', { config_id: configId })).body.join_way;
    expect(way).toMatchObject({ chat_id_list: [G.orderGroup, first.body.chatId], room_base_id: 8 });

    // The new group has room: the next customer joins it, no further group.
    const second = await scan(configId, C.maChao);
    expect(second.body).toMatchObject({ chatId: first.body.chatId, created: false });
    fill(first.body.chatId as string);
    const third = await scan(configId, C.luoMin);
    expect(third.body.created).toBe(true);
    expect((await post('/get', { chat_id: third.body.chatId })).body.group_chat.name).toBe('订单服务群8');
  });

  it('counts a dismissed group as unusable and still names the room after the last listed owner', async () => {
    const configId = await addWay({ chat_id_list: [G.vipGroup], room_base_name: 'VIP', room_base_id: 1 });
    await request(sim.app).post(`/__sim/groups/${G.vipGroup}/dismiss`).expect(200);
    const res = await scan(configId, C.heLi);
    expect(res.body.created).toBe(true);
    expect((await post('/get', { chat_id: res.body.chatId })).body.group_chat).toMatchObject({
      name: 'VIP1',
      owner: 'lisi',
    });
  });

  it('fails when the way already lists 5 groups, all full', async () => {
    const five = [G.orderGroup, G.vipGroup, G.afterSalesGroup, G.orderGroup, G.vipGroup];
    const configId = await addWay({ chat_id_list: five });
    for (const chatId of new Set(five)) fill(chatId);
    const res = await scan(configId, C.heLi);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('join_way_full');
  });

  it('with auto_create_room 0 fails with groups_full', async () => {
    const configId = await addWay({ auto_create_room: 0 });
    fill(G.orderGroup);
    const res = await scan(configId, C.heLi);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('groups_full');
    expect(sim.state.groups.list()).toHaveLength(3);
  });

  it('refuses an unknown customer and an unknown join way', async () => {
    const configId = await addWay({});
    expect((await scan(configId, 'wmghost')).status).toBe(400);
    expect((await scan('nope', C.heLi)).status).toBe(404);
  });
});

describe('GET /__sim/join-ways', () => {
  it("lists the app's own join ways as get_join_way shows them, and add/get/del calls are counted", async () => {
    const configId = await addWay({ remark: '订单 A1001' });
    await post('/get_join_way', { config_id: configId });
    const mine = await request(sim.app).get('/__sim/join-ways').expect(200);
    expect(mine.body.agentId).toBe(DEMO_CORP.agentId);
    expect(mine.body.joinWays).toHaveLength(1);
    expect(mine.body.joinWays[0]).toMatchObject({ config_id: configId, remark: '订单 A1001', state: 'A1001' });
    expect(mine.body.joinWays[0].qr_code).toContain(`/__sim/qr/${configId}`);
    const other = await request(sim.app).get('/__sim/join-ways').query({ agentId: '1000003' });
    expect(other.body.joinWays.map((w: { config_id: string }) => w.config_id)).toEqual([
      '9ad7fa5cdaa6511298498f13e8a9dd5c',
    ]);
    expect((await request(sim.app).get('/__sim/join-ways').query({ agentId: '42' })).status).toBe(400);
    await post('/del_join_way', { config_id: configId });
    const calls = (await request(sim.app).get('/__sim/calls')).body;
    expect(calls).toMatchObject({
      '/cgi-bin/externalcontact/groupchat/add_join_way': 1,
      '/cgi-bin/externalcontact/groupchat/get_join_way': 1,
      '/cgi-bin/externalcontact/groupchat/del_join_way': 1,
    });
  });
});
