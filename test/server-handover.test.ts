// 群归企业，员工离职不丢客: a departing owner's groups move to a successor over the simulator's
// groupchat/transfer and onjob_transfer, ≤ 100 chats a call, each group's result kept, partial
// failures reported, the orders' staff updated, and nothing moved twice on a retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Handover, OrderResponse } from '@kequn/contracts';
import { DEMO_CUSTOMER_IDS as C } from '@kequn/wecom-sim';
import { eventually, startHarness, type Harness, type StaffClient } from '../apps/server/src/testing/harness';

let h: Harness;
let zhangsan: StaffClient;

beforeAll(async () => {
  h = await startHarness({ engine: 'postgres' });
  zhangsan = await h.signIn('zhangsan');
});
afterAll(() => h?.close());

/** `n` orders of zhangsan and lisi, each with a customer group zhangsan made and bound. */
async function ordersWithGroups(
  prefix: string,
  n: number,
  owner = zhangsan,
): Promise<Array<{ id: string; chatId: string }>> {
  const made: Array<{ id: string; chatId: string }> = [];
  for (let i = 0; i < n; i += 1) {
    const id = `${prefix}-${i}`;
    await h.business('PUT', `/api/v1/orders/${id}`, {
      title: id,
      customer: { externalUserId: C.chenXiaoming },
      staffUserIds: [owner.userId, 'lisi'],
    });
    const { chatId } = await h.control.createGroup({ owner: owner.userId, name: id });
    expect((await owner.post(`/api/orders/${id}/group`, { chatId })).status).toBe(201);
    made.push({ id, chatId });
  }
  return made;
}

describe('handing groups over', () => {
  it(
    'moves 250 groups in 3 calls, reports partial failures, and sends only the pending ones again',
    { timeout: 90_000 },
    async () => {
      const orders = await ordersWithGroups('HO', 250);
      const [inProgress, tooOften] = [orders[7]!.chatId, orders[120]!.chatId];
      await h.control.injectTransferFault({ chatIds: [inProgress], errcode: 90507, times: 1 });
      await h.control.injectTransferFault({ chatIds: [tooOften], errcode: 40128, times: 5 });
      await h.control.resetCalls();

      const started = await h.business('POST', '/api/v1/staff/zhangsan/handover', { to: 'wangwu', reason: 'on_job' });
      expect(started.status).toBe(201);
      const first = Handover.parse(started.body);
      expect((await h.control.calls())['/cgi-bin/externalcontact/groupchat/onjob_transfer']).toBe(3);
      expect(first.counts).toEqual({ transferred: 248, pending: 1, failed: 1 });
      expect(first.groups.find((g) => g.chatId === tooOften)).toMatchObject({
        state: 'failed',
        errcode: 40128,
        error: expect.stringContaining('90 days'),
      });
      expect(first.finishedAt).toBeNull();

      // The order follows its group: wangwu takes zhangsan's place; the webhook says so.
      const moved = OrderResponse.parse((await h.business('GET', `/api/v1/orders/${orders[0]!.id}`)).body);
      expect(moved.staffUserIds).toEqual(['wangwu', 'lisi']);
      expect(h.sim.sim.state.groups.get(orders[0]!.chatId)?.owner).toBe('wangwu');
      await eventually(async () => h.hooks.ofType('group.owner_changed').length === 248, 20_000);
      expect(h.hooks.ofType('group.owner_changed', orders[0]!.id)[0]?.data).toMatchObject({
        chatId: orders[0]!.chatId,
        from: 'zhangsan',
        to: 'wangwu',
        reason: 'on_job',
      });

      await h.control.resetCalls();
      const retried = Handover.parse((await h.business('POST', `/api/v1/handovers/${first.id}/retry`)).body);
      expect((await h.control.calls())['/cgi-bin/externalcontact/groupchat/onjob_transfer']).toBe(1);
      expect(retried.counts).toEqual({ transferred: 249, pending: 0, failed: 1 });
      expect(retried.finishedAt).not.toBeNull();
      // Each group moved once: the simulator keeps every group's transfers.
      const twice = orders.filter((o) => (h.sim.sim.state.groups.get(o.chatId)?.transfers.length ?? 0) > 1);
      expect(twice).toEqual([]);
      expect((await h.business('GET', `/api/v1/handovers/${first.id}`)).body).toMatchObject({ counts: retried.counts });
    },
  );

  it('hands a deleted member’s groups to each order’s next staff member, from WeCom’s callback', async () => {
    const zhaoliu = await h.signIn('zhaoliu');
    const orders = await ordersWithGroups('LEFT', 3, zhaoliu);
    await h.control.resignStaff('zhaoliu');
    await eventually(async () => {
      const order = OrderResponse.parse((await h.business('GET', `/api/v1/orders/${orders[2]!.id}`)).body);
      return order.staffUserIds?.[0] === 'lisi';
    }, 20_000);
    for (const o of orders) expect(h.sim.sim.state.groups.get(o.chatId)?.owner).toBe('lisi');
    expect((await zhaoliu.get('/api/me')).status).toBe(401);
  });

  it('refuses a handover to oneself and an unknown handover', async () => {
    expect((await h.business('POST', '/api/v1/staff/lisi/handover', { to: 'lisi', reason: 'on_job' })).status).toBe(
      400,
    );
    expect((await h.business('POST', '/api/v1/staff/lisi/handover', { reason: 'fired' })).status).toBe(400);
    expect((await h.business('GET', '/api/v1/handovers/ho_nope')).status).toBe(404);
  });
});
