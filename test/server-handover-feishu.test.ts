// 群归企业 on Feishu, over the Feishu simulator and real HTTP: the same handover request moves a
// staff member's Feishu groups with the chat's owner update (one call per chat), adding a
// successor who is not in a group first; each group's result is kept and explained, the orders'
// staff follow, one group.owner_changed per moved group, and a retry sends only what is pending.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Handover, OrderResponse } from '@kequn/contracts';
import { DEMO_FEISHU, feishuSimControl, startFeishuSimulator, type StartedFeishuSimulator } from '@kequn/feishu-sim';
import { eventually, startHarness, type Harness } from '../apps/server/src/testing/harness';
import { feishuEnv, pushTo } from './support/feishu';

const S = DEMO_FEISHU.staff;
const customer = DEMO_FEISHU.customers.chenXiaoming.openId;
const UPDATE_CHAT = 'PUT /open-apis/im/v1/chats/:chat_id';
const ADD_MEMBERS = 'POST /open-apis/im/v1/chats/:chat_id/members';

let feishuSim: StartedFeishuSimulator;
let f: ReturnType<typeof feishuSimControl>;
let h: Harness;

beforeAll(async () => {
  feishuSim = await startFeishuSimulator({ port: 0 });
  f = feishuSimControl(feishuSim.url);
  h = await startHarness({
    engine: 'postgres',
    env: {
      ...feishuEnv(feishuSim.url),
    },
  });
});
afterAll(async () => {
  await h?.close();
  await feishuSim?.close();
});
beforeEach(async () => {
  await f.reset();
  await f.settings(pushTo(h.base));
  await f.openBot(customer);
});

const chatOf = (chatId: string) => feishuSim.sim.state.chats.get(chatId);
const readOrder = async (id: string) => OrderResponse.parse((await h.business('GET', `/api/v1/orders/${id}`)).body);

/** `n` Feishu orders with `staff`, each with the group the bot made (owner: the first staff member). */
async function feishuGroups(
  prefix: string,
  n: number,
  staff: string[],
): Promise<Array<{ id: string; chatId: string }>> {
  const made: Array<{ id: string; chatId: string }> = [];
  for (let i = 0; i < n; i += 1) {
    const id = `${prefix}-${i}`;
    const put = await h.business('PUT', `/api/v1/orders/${id}`, {
      title: `飞书交接 ${id}`,
      platform: 'feishu',
      staffUserIds: staff,
      customer: { openId: customer },
    });
    expect(put.status).toBe(201);
    const chatId = await eventually(async () => (await readOrder(id)).group?.chatId ?? undefined, 15_000);
    made.push({ id, chatId });
  }
  return made;
}

const handover = async (from: string, body: Record<string, unknown>) => {
  const res = await h.business('POST', `/api/v1/staff/${from}/handover`, body);
  expect(res.status).toBe(201);
  return Handover.parse(res.body);
};

describe('handing Feishu groups over', () => {
  it('adds the successor, moves each group once, explains what failed, and a retry sends only the pending', async () => {
    const orders = await feishuGroups('FHO', 4, [S.zhangsan.openId, S.lisi.openId]);
    const [throttled, dissolved, moved] = [orders[0]!, orders[1]!, orders[2]!];
    // The owner dissolved one group in the client; Feishu throttles the first update once.
    feishuSim.sim.state.chats.dissolve(dissolved.chatId);
    await f.injectFault({ endpoint: UPDATE_CHAT, code: 232019, times: 1 });
    await f.resetCalls();

    const first = await handover(S.zhangsan.openId, { to: S.wangwu.openId, reason: 'resigned' });
    expect(first.counts).toEqual({ transferred: 2, pending: 1, failed: 1 });
    expect(first.groups.find((g) => g.chatId === throttled.chatId)).toMatchObject({
      state: 'pending',
      errcode: 232019,
    });
    expect(first.groups.find((g) => g.chatId === dissolved.chatId)).toMatchObject({
      state: 'failed',
      errcode: 232009,
      error: expect.stringContaining('dissolved'),
    });
    expect(first.finishedAt).toBeNull();

    // Wangwu was not in the groups: added first, then made owner; zhangsan stays a member.
    expect(chatOf(moved.chatId)).toMatchObject({ ownerId: S.wangwu.openId, ownerChanges: [expect.anything()] });
    expect(chatOf(moved.chatId)?.members).toEqual(expect.arrayContaining([S.wangwu.openId, S.zhangsan.openId]));
    expect((await readOrder(moved.id)).staffUserIds).toEqual([S.wangwu.openId, S.lisi.openId]);
    expect((await readOrder(dissolved.id)).staffUserIds).toEqual([S.zhangsan.openId, S.lisi.openId]);
    await eventually(async () => h.hooks.ofType('group.owner_changed').length === 2, 20_000);
    expect(h.hooks.ofType('group.owner_changed', moved.id)[0]?.data).toMatchObject({
      chatId: moved.chatId,
      from: S.zhangsan.openId,
      to: S.wangwu.openId,
      reason: 'resigned',
      platform: 'feishu',
      route: 'feishu_bot',
    });

    await f.resetCalls();
    const retried = Handover.parse((await h.business('POST', `/api/v1/handovers/${first.id}/retry`)).body);
    expect(retried.counts).toEqual({ transferred: 3, pending: 0, failed: 1 });
    expect(retried.finishedAt).not.toBeNull();
    // Only the throttled group was sent again: one update refused for membership, one add, one update.
    expect(await f.calls()).toMatchObject({ [UPDATE_CHAT]: 2, [ADD_MEMBERS]: 1 });
    expect(orders.map((o) => chatOf(o.chatId)?.ownerChanges.length)).toEqual([1, 0, 1, 1]);
    await eventually(async () => h.hooks.ofType('group.owner_changed').length === 3, 20_000);
    for (const o of [throttled, moved, orders[3]!]) expect(h.hooks.ofType('group.owner_changed', o.id)).toHaveLength(1);
  });

  it('refuses a customer as successor with Feishu’s reason, and without `to` hands each group to the next staff member', async () => {
    const orders = await feishuGroups('FHN', 2, [S.lisi.openId, S.zhaoliu.openId]);
    const refused = await handover(S.lisi.openId, { to: customer, reason: 'on_job' });
    expect(refused.counts).toEqual({ transferred: 0, pending: 0, failed: 2 });
    expect(refused.groups[0]).toMatchObject({ errcode: 232031, error: expect.stringContaining('never to a customer') });

    await f.resetCalls();
    const next = await handover(S.lisi.openId, { reason: 'on_job' });
    expect(next.counts).toEqual({ transferred: 2, pending: 0, failed: 0 });
    expect(next.groups.map((g) => g.to)).toEqual([S.zhaoliu.openId, S.zhaoliu.openId]);
    // Zhaoliu was in both groups already: one update each, nobody added.
    expect(await f.calls()).toMatchObject({ [UPDATE_CHAT]: 2 });
    expect((await f.calls())[ADD_MEMBERS]).toBeUndefined();
    for (const o of orders) {
      expect(chatOf(o.chatId)?.ownerId).toBe(S.zhaoliu.openId);
      expect((await readOrder(o.id)).staffUserIds).toEqual([S.zhaoliu.openId]);
    }
  });

  it('says what Feishu does not allow when the bot has no owner rights in a group (232016), and moves nothing', async () => {
    // Lisi owns no other group by now (the test above handed his away).
    const [order] = await feishuGroups('FHP', 1, [S.lisi.openId, S.zhangsan.openId]);
    // A tenant where the bot is a plain member of its external groups (operate_as_owner is not
    // granted to externally shared bots): Feishu refuses the owner change.
    await f.injectFault({ endpoint: UPDATE_CHAT, code: 232016 });
    const refused = await handover(S.lisi.openId, { to: S.zhangsan.openId, reason: 'on_job' });
    await f.clearFaults();
    expect(refused.counts).toEqual({ transferred: 0, pending: 0, failed: 1 });
    expect(refused.groups[0]).toMatchObject({ errcode: 232016, error: expect.stringContaining('转让群主') });
    expect(chatOf(order!.chatId)?.ownerId).toBe(S.lisi.openId);
    expect((await readOrder(order!.id)).staffUserIds).toEqual([S.lisi.openId, S.zhangsan.openId]);
  });

  it('hands over the groups of a staff member Feishu reports gone (contact.user.deleted_v3)', async () => {
    const orders = await feishuGroups('FHL', 2, [S.zhaoliu.openId, S.zhangsan.openId]);
    const left = await f.staffLeaves(S.zhaoliu.openId);
    expect(left.delivery.url).toContain('/callbacks/feishu');
    for (const o of orders) {
      await eventually(async () => chatOf(o.chatId)?.ownerId === S.zhangsan.openId, 20_000);
      expect((await readOrder(o.id)).staffUserIds).toEqual([S.zhangsan.openId]);
    }
    await eventually(async () => orders.every((o) => h.hooks.ofType('group.owner_changed', o.id).length === 1), 20_000);
    expect(h.hooks.ofType('group.owner_changed', orders[0]!.id)[0]?.data).toMatchObject({
      from: S.zhaoliu.openId,
      to: S.zhangsan.openId,
      reason: 'resigned',
      platform: 'feishu',
    });
  });
});
