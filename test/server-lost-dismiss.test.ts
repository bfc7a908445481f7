// A group dismissed in WeCom whose dismiss callback never arrived: the reconcile notices that WeCom
// no longer has the chat (once the binding is past its grace period) and frees the order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderResponse } from '@kequn/contracts';
import { DEMO_CUSTOMER_IDS as C } from '@kequn/wecom-sim';
import { eventually, startHarness, type Harness, type StaffClient } from '../apps/server/src/testing/harness';

/** The system clock plus an offset the test moves forward. */
const clock = { offsetMs: 0, now: () => Date.now() + clock.offsetMs };

let h: Harness;
let zhangsan: StaffClient;

beforeAll(async () => {
  h = await startHarness({ clock });
  zhangsan = await h.signIn('zhangsan');
});
afterAll(() => h?.close());

const groupOf = async (id: string) => OrderResponse.parse((await h.business('GET', `/api/v1/orders/${id}`)).body).group;

/** An order bound to a group the simulated client made (the page's intent, then the bind). */
async function madeGroup(id: string, staffUserIds: string[]): Promise<string> {
  await h.business('PUT', `/api/v1/orders/${id}`, {
    title: 't',
    customer: { externalUserId: C.chenXiaoming },
    staffUserIds,
  });
  expect((await zhangsan.post(`/api/orders/${id}/group/intent`)).status).toBe(200);
  const chat = await h.control.openEnterpriseChat({
    callerUserId: 'zhangsan',
    userIds: ['lisi'],
    externalUserIds: [C.chenXiaoming],
    appIdentity: true,
  });
  if (!chat.ok || !chat.chatId) throw new Error('no group');
  expect((await zhangsan.post(`/api/orders/${id}/group`, { chatId: chat.chatId })).status).toBe(201);
  return chat.chatId;
}

describe('a dismissal whose callback was lost', () => {
  it('is found by the reconcile, reported once, and the order can get a new group', async () => {
    const id = 'LOST-DISMISS-1';
    const chatId = await madeGroup(id, ['zhangsan']);
    await eventually(async () => (await groupOf(id))?.status === 'confirmed');

    await h.control.settings({ callback: null }); // WeCom's dismiss push gets lost
    await h.control.dismissGroup(chatId);
    await h.server.product.reconciler.runOnce();
    expect((await groupOf(id))?.status).toBe('confirmed'); // too fresh to trust "no such chat" yet

    clock.offsetMs += 61_000;
    await h.server.product.reconciler.runOnce();
    expect((await groupOf(id))?.status).toBe('dismissed');
    await eventually(async () => h.hooks.ofType('group.dismissed', id).length === 1);
    expect((await zhangsan.post(`/api/orders/${id}/group/intent`)).status).toBe(200);
  });

  it('is found at once when the staff page asks for a refresh after the client could not open the group', async () => {
    await h.control.settings({ callback: null }); // no pushes at all in this test
    const made = (id: string) => madeGroup(id, ['zhangsan', 'lisi']);
    type View = { group: { status: string; members: Array<{ id: string; leftAt: string | null }> } | null };

    const gone = await made('LOST-DISMISS-2');
    await h.control.dismissGroup(gone);
    clock.offsetMs += 61_000;
    const refreshed = await zhangsan.post<View>('/api/orders/LOST-DISMISS-2/group/refresh');
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.group?.status).toBe('dismissed');
    await eventually(async () => h.hooks.ofType('group.dismissed', 'LOST-DISMISS-2').length === 1);

    const left = await made('LOST-DISMISS-3');
    await h.control.removeMember(left, 'lisi');
    const reread = await (await h.signIn('lisi')).post<View>('/api/orders/LOST-DISMISS-3/group/refresh');
    expect(reread.body.group?.members.find((m) => m.id === 'lisi')?.leftAt).not.toBeNull();

    // Someone else's order answers like a missing one; an order without a group says so.
    expect((await (await h.signIn('wangwu')).post('/api/orders/LOST-DISMISS-3/group/refresh')).status).toBe(404);
    await h.business('PUT', '/api/v1/orders/LOST-DISMISS-4', {
      title: 't',
      customer: { externalUserId: C.chenXiaoming },
      staffUserIds: ['zhangsan'],
    });
    expect(await zhangsan.post('/api/orders/LOST-DISMISS-4/group/refresh')).toMatchObject({
      status: 404,
      body: { error: { code: 'group_not_found' } },
    });
  });
});
