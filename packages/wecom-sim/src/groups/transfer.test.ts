import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../app';
import { DEMO_CHAT_IDS as G } from '../corp/demo-seed';
import { demoSeed } from '../corp/demo-seed';
import { cgiPost, testSimulator, tokenFor } from '../test-helpers';
import { DAILY_TRANSFER_LIMIT } from './transfer';

let sim: Simulator;
let token: string;

/** The demo corp plus a member without customer-contact permission. */
function seed() {
  const base = demoSeed();
  return { ...base, staff: [...base.staff, { userId: 'qianjiu', name: '钱九', customerContact: false }] };
}

beforeEach(async () => {
  sim = testSimulator({ seed: seed() });
  token = await tokenFor(sim);
});

const post = (path: string, body: unknown) => cgiPost(sim, `/externalcontact/groupchat${path}`, token, body);
const transfer = (chatIds: string[], newOwner: string) =>
  post('/transfer', { chat_id_list: chatIds, new_owner: newOwner });
const onjob = (chatIds: string[], newOwner: string) =>
  post('/onjob_transfer', { chat_id_list: chatIds, new_owner: newOwner });
const resign = (userId: string) => request(sim.app).post(`/__sim/staff/${userId}/resign`).expect(200);
const failures = (body: { failed_chat_list: Array<{ chat_id: string; errcode: number }> }) =>
  Object.fromEntries(body.failed_chat_list.map((f) => [f.chat_id, f.errcode]));

describe('groupchat/transfer (resigned owners)', () => {
  it('hands the groups of a resigned owner over; the new owner joins; status turns 3', async () => {
    await resign('lisi');
    const res = await transfer([G.vipGroup], 'zhaoliu');
    expect(res.body).toEqual({ errcode: 0, errmsg: 'ok', failed_chat_list: [] });
    const group = (await post('/get', { chat_id: G.vipGroup })).body.group_chat;
    expect(group.owner).toBe('zhaoliu');
    expect(group.member_list.at(-1)).toMatchObject({ userid: 'zhaoliu', type: 1, join_scene: 1 });
    const list = await post('/list', { limit: 10, status_filter: 3 });
    expect(list.body.group_chat_list).toEqual([{ chat_id: G.vipGroup, status: 3 }]);
    // Done once: a second attempt says "already transferred".
    expect(failures((await transfer([G.vipGroup], 'wangwu')).body)).toEqual({ [G.vipGroup]: 90508 });
  });

  it('fails per chat: owner still employed 90500, unknown 40050, same owner 90504, no customer contact 84074', async () => {
    await resign('lisi');
    const res = await transfer([G.orderGroup, 'wrnothing', G.vipGroup], 'zhaoliu');
    expect(failures(res.body)).toEqual({ [G.orderGroup]: 90500, wrnothing: 40050 });
    expect(res.body.failed_chat_list[0].errmsg).toContain('not resigned');
    await resign('zhaoliu');
    expect(failures((await transfer([G.vipGroup], 'wangwu')).body)).toEqual({});
    await resign('wangwu');
    // afterSalesGroup (owner wangwu, now resigned) to a member without customer contact.
    expect(failures((await transfer([G.afterSalesGroup], 'qianjiu')).body)).toEqual({ [G.afterSalesGroup]: 84074 });
  });

  it('answers whole-call errors for an empty or too long list and an unknown or resigned new owner', async () => {
    expect((await transfer([], 'zhaoliu')).body.errcode).toBe(40058);
    const many = Array.from({ length: 101 }, (_, i) => `wr${i}`);
    expect((await transfer(many, 'zhaoliu')).body.errcode).toBe(40058);
    expect((await post('/transfer', { chat_id_list: [G.vipGroup] })).body.errcode).toBe(40058);
    expect((await transfer([G.vipGroup], 'ghost')).body.errcode).toBe(46004);
    await resign('zhaoliu');
    expect((await transfer([G.vipGroup], 'zhaoliu')).body.errcode).toBe(46004);
  });

  it('sends no callback and counts the calls', async () => {
    await resign('lisi');
    const before = sim.state.callbacks.records.length;
    await transfer([G.vipGroup], 'zhaoliu');
    expect(sim.state.callbacks.records.length).toBe(before);
    expect((await request(sim.app).get('/__sim/calls')).body['/cgi-bin/externalcontact/groupchat/transfer']).toBe(1);
  });
});

describe('groupchat/onjob_transfer (owners still employed)', () => {
  it('hands over, refuses resigned owners (90502) and a third handover within 90 days', async () => {
    expect(failures((await onjob([G.orderGroup], 'lisi')).body)).toEqual({});
    expect((await post('/get', { chat_id: G.orderGroup })).body.group_chat.owner).toBe('lisi');
    // lisi was not a member: they joined, so the member list grew.
    expect((await post('/get', { chat_id: G.orderGroup })).body.group_chat.member_list).toHaveLength(4);
    expect(failures((await onjob([G.orderGroup], 'zhangsan')).body)).toEqual({});
    expect(failures((await onjob([G.orderGroup], 'lisi')).body)).toEqual({ [G.orderGroup]: 40128 });
    sim.clock.advance(91 * 86_400_000);
    token = await tokenFor(sim);
    expect(failures((await onjob([G.orderGroup], 'lisi')).body)).toEqual({});
    await resign('wangwu');
    expect(failures((await onjob([G.afterSalesGroup], 'zhangsan')).body)).toEqual({ [G.afterSalesGroup]: 90502 });
    expect(failures((await onjob([G.vipGroup], 'lisi')).body)).toEqual({ [G.vipGroup]: 90504 });
  });

  it('answers 90501 for an internal group', async () => {
    const internal = await request(sim.app)
      .post('/__sim/client/open-enterprise-chat')
      .send({ callerUserId: 'zhangsan', userIds: ['lisi', 'wangwu'], appIdentity: true });
    expect(failures((await onjob([internal.body.chatId], 'lisi')).body)).toEqual({ [internal.body.chatId]: 90501 });
  });

  it(`stops at ${DAILY_TRANSFER_LIMIT} groups a day to one new owner`, async () => {
    for (let i = 0; i < DAILY_TRANSFER_LIMIT; i += 1) {
      sim.state.groups.create({
        kind: 'customer',
        name: `g${i}`,
        owner: 'zhangsan',
        joinScene: 1,
        members: [{ id: 'zhangsan' }],
      });
    }
    const ids = sim.state.groups
      .list()
      .filter((g) => g.owner === 'zhangsan')
      .map((g) => g.chatId);
    let failed: Record<string, number> = {};
    for (let i = 0; i < ids.length; i += 100) {
      failed = { ...failed, ...failures((await onjob(ids.slice(i, i + 100), 'lisi')).body) };
    }
    expect(Object.values(failed)).toEqual([45009]);
  });
});

describe('transfer faults', () => {
  it('makes the next transfer(s) of given chats fail with the given errcode, then clears', async () => {
    const add = await request(sim.app)
      .post('/__sim/transfer-faults')
      .send({ chatIds: [G.orderGroup], errcode: 90507, times: 2 })
      .expect(201);
    expect(add.body.faults).toEqual([{ chatId: G.orderGroup, errcode: 90507, remaining: 2 }]);
    expect(failures((await onjob([G.orderGroup, G.vipGroup], 'wangwu')).body)).toEqual({ [G.orderGroup]: 90507 });
    expect(failures((await onjob([G.orderGroup], 'wangwu')).body)).toEqual({ [G.orderGroup]: 90507 });
    expect(failures((await onjob([G.orderGroup], 'wangwu')).body)).toEqual({});
    await request(sim.app)
      .post('/__sim/transfer-faults')
      .send({ chatIds: [G.vipGroup], errcode: -1 });
    await request(sim.app).delete('/__sim/transfer-faults').expect(200);
    expect((await request(sim.app).get('/__sim/transfer-faults')).body.faults).toEqual([]);
    expect((await request(sim.app).post('/__sim/transfer-faults').send({ chatIds: [], errcode: 1 })).status).toBe(400);
  });
});
