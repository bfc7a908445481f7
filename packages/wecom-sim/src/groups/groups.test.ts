import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../app';
import { DEMO_CORP } from '../corp/config';
import { DEMO_CHAT_IDS as G, DEMO_CUSTOMER_IDS as C } from '../corp/demo-seed';
import { cgiPost, testSimulator, tokenFor } from '../test-helpers';

let sim: Simulator;
let token: string;
beforeEach(async () => {
  sim = testSimulator();
  token = await tokenFor(sim);
});

const post = (path: string, body: unknown) => cgiPost(sim, `/externalcontact/groupchat${path}`, token, body);

describe('groupchat/list and get', () => {
  it('pages customer groups and filters by owner', async () => {
    const first = await post('/list', { limit: 2 });
    expect(first.body.group_chat_list).toHaveLength(2);
    const second = await post('/list', { limit: 2, cursor: first.body.next_cursor });
    expect(second.body.group_chat_list).toHaveLength(1);
    expect(second.body.next_cursor).toBe('');
    const mine = await post('/list', { limit: 10, owner_filter: { userid_list: ['lisi'] } });
    expect(mine.body.group_chat_list).toEqual([{ chat_id: G.vipGroup, status: 0 }]);
    expect((await post('/list', {})).body.errcode).toBe(40058);
  });

  it('returns members with names only when need_name=1', async () => {
    const plain = await post('/get', { chat_id: G.vipGroup });
    expect(plain.body.group_chat.member_list[0].name).toBeUndefined();
    const named = await post('/get', { chat_id: G.vipGroup, need_name: 1 });
    expect(named.body.group_chat).toMatchObject({ owner: 'lisi', admin_list: [{ userid: 'lisi' }] });
    expect(named.body.group_chat.member_list[2]).toMatchObject({
      userid: C.xieTian,
      type: 2,
      join_scene: 3,
      state: 'vip-qr',
      name: '谢天',
    });
    expect(named.body.group_chat.member_version).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answers 40050 for an unknown or dismissed chat', async () => {
    expect((await post('/get', { chat_id: 'wrnothing' })).body.errcode).toBe(40050);
    await request(sim.app).post(`/__sim/groups/${G.afterSalesGroup}/dismiss`).expect(200);
    expect((await post('/get', { chat_id: G.afterSalesGroup })).body.errcode).toBe(40050);
    const list = await post('/list', { limit: 10 });
    expect(list.body.group_chat_list.map((g: { chat_id: string }) => g.chat_id)).not.toContain(G.afterSalesGroup);
  });

  it('reflects simulated joins and leaves with a new member_version', async () => {
    const before = (await post('/get', { chat_id: G.orderGroup })).body.group_chat.member_version;
    await request(sim.app)
      .post(`/__sim/groups/${G.orderGroup}/members`)
      .send({ externalUserIds: [C.linMeihua], state: 'A1001' })
      .expect(200);
    const after = (await post('/get', { chat_id: G.orderGroup })).body.group_chat;
    expect(after.member_version).not.toBe(before);
    expect(after.member_list.at(-1)).toMatchObject({ userid: C.linMeihua, join_scene: 3, state: 'A1001' });
    await request(sim.app).delete(`/__sim/groups/${G.orderGroup}/members/${C.linMeihua}`).expect(200);
    expect((await post('/get', { chat_id: G.orderGroup })).body.group_chat.member_list).toHaveLength(3);
    const again = await request(sim.app).delete(`/__sim/groups/${G.orderGroup}/members/${C.linMeihua}`);
    expect(again.status).toBe(404);
  });
});

describe('join ways', () => {
  const valid = { scene: 2, chat_id_list: [G.orderGroup], state: 'order-A1001', remark: '订单 A1001' };

  it('creates, reads, overwrites and deletes a join way', async () => {
    const added = await post('/add_join_way', valid);
    expect(added.body).toMatchObject({ errcode: 0 });
    const configId = added.body.config_id as string;
    const got = await post('/get_join_way', { config_id: configId });
    expect(got.body.join_way).toMatchObject({
      config_id: configId,
      scene: 2,
      chat_id_list: [G.orderGroup],
      state: 'order-A1001',
      auto_create_room: 1,
      mark_source: true,
    });
    await post('/update_join_way', { config_id: configId, scene: 1, chat_id_list: [G.vipGroup] }).expect(200);
    const updated = (await post('/get_join_way', { config_id: configId })).body.join_way;
    expect(updated).toMatchObject({ scene: 1, chat_id_list: [G.vipGroup], state: '', remark: '' });
    expect(updated.qr_code).toBeUndefined();
    expect((await post('/del_join_way', { config_id: configId })).body.errcode).toBe(0);
    expect((await post('/get_join_way', { config_id: configId })).body.errcode).toBe(41044);
  });

  it('serves the QR code it points at', async () => {
    const { config_id } = (await post('/add_join_way', valid)).body;
    const qr = (await post('/get_join_way', { config_id })).body.join_way.qr_code as string;
    const path = new URL(qr).pathname;
    expect(path).toBe(`/__sim/qr/${config_id}`);
    const image = await request(sim.app).get(path);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toContain('image/svg+xml');
  });

  it.each([
    [
      'more than 5 chats',
      { chat_id_list: [G.orderGroup, G.vipGroup, G.afterSalesGroup, G.orderGroup, G.vipGroup, G.afterSalesGroup] },
      40058,
    ],
    ['state over 30 characters', { state: 'x'.repeat(31) }, 40058],
    ['remark over 30 characters', { remark: '备'.repeat(31) }, 40058],
    ['room_base_name over 40 characters', { room_base_name: '群'.repeat(41) }, 40058],
    ['scene 3', { scene: 3 }, 40058],
    ['no chat_id_list', { chat_id_list: [] }, 40058],
    ['an unknown chat', { chat_id_list: ['wrnothing'] }, 40050],
  ])('rejects %s', async (_label, override, errcode) => {
    expect((await post('/add_join_way', { ...valid, ...override })).body.errcode).toBe(errcode);
  });

  it('accepts exactly 30 characters of state and 5 chats', async () => {
    const five = [G.orderGroup, G.vipGroup, G.afterSalesGroup, G.orderGroup, G.vipGroup];
    expect((await post('/add_join_way', { ...valid, state: '订'.repeat(30), chat_id_list: five })).body.errcode).toBe(
      0,
    );
  });

  it('hides join ways made by another app of the corp', async () => {
    // The demo seed holds one made by app 1000003.
    expect((await post('/get_join_way', { config_id: '9ad7fa5cdaa6511298498f13e8a9dd5c' })).body.errcode).toBe(41044);
    const other = await tokenFor(sim, DEMO_CORP.otherApps[0]?.secret);
    const seen = await cgiPost(sim, '/externalcontact/groupchat/get_join_way', other, {
      config_id: '9ad7fa5cdaa6511298498f13e8a9dd5c',
    });
    expect(seen.body.errcode).toBe(0);
  });

  it('lets a simulated customer scan the code and join with the join way state', async () => {
    const { config_id } = (await post('/add_join_way', valid)).body;
    const scan = await request(sim.app).post(`/__sim/join-ways/${config_id}/scan`).send({ externalUserId: C.heLi });
    expect(scan.body).toMatchObject({ ok: true, chatId: G.orderGroup });
    const group = (await post('/get', { chat_id: G.orderGroup })).body.group_chat;
    expect(group.member_list.at(-1)).toMatchObject({ userid: C.heLi, join_scene: 3, state: 'order-A1001' });
  });
});
