// A chat becomes an order's group only once WeCom shows it as a customer group with the binding
// staff member in it: someone else's group and a made-up chatId are refused (nothing of them is
// shown or sent), and a real creation still binds on the first press while WeCom's read lags.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OrderResponse, type GroupBinding } from '@kequn/contracts';
import { DEMO_CHAT_IDS as G, DEMO_CUSTOMER_IDS as C } from '@kequn/wecom-sim';
import { eventually, startHarness, type Harness, type StaffClient } from '../apps/server/src/testing/harness';

let h: Harness;
let zhangsan: StaffClient;
let lisi: StaffClient;
let seq = 0;

async function newOrder(staffUserIds = ['zhangsan']): Promise<string> {
  const id = `V-${++seq}`;
  const res = await h.business('PUT', `/api/v1/orders/${id}`, {
    title: id,
    customer: { externalUserId: C.chenXiaoming },
    staffUserIds,
  });
  expect(res.status).toBe(201);
  return id;
}

async function groupOf(orderId: string): Promise<GroupBinding | null> {
  return OrderResponse.parse((await h.business('GET', `/api/v1/orders/${orderId}`)).body).group;
}

/** openEnterpriseChat in the simulated client of zhangsan, as the page calls it. */
async function createInClient(): Promise<string> {
  const chat = await h.control.openEnterpriseChat({
    callerUserId: 'zhangsan',
    appIdentity: true,
    groupName: '核验群',
    userIds: ['lisi'],
    externalUserIds: [C.chenXiaoming],
  });
  if (!chat.ok || !chat.chatId) throw new Error('no group made');
  return chat.chatId;
}

beforeAll(async () => {
  h = await startHarness();
  zhangsan = await h.signIn('zhangsan');
  lisi = await h.signIn('lisi');
});
afterAll(() => h?.close());
beforeEach(() => h.resetSim());

describe('binding a chat', () => {
  it('refuses another staff member’s customer group, shows none of it and sends no webhook', async () => {
    const mine = await newOrder();
    // The VIP group: owner lisi with customers zhangsan does not follow; zhangsan is not in it.
    const res = await zhangsan.post(`/api/orders/${mine}/group`, { chatId: G.vipGroup });
    expect(res).toMatchObject({ status: 403, body: { error: { code: 'chat_not_yours' } } });
    expect(await groupOf(mine)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.hooks.deliveries.filter((d) => d.data.chatId === G.vipGroup)).toEqual([]);
    // Its owner can still bind it to their own order.
    const theirs = await newOrder(['lisi']);
    expect((await lisi.post(`/api/orders/${theirs}/group`, { chatId: G.vipGroup })).status).toBe(201);
  });

  it('refuses a made-up chatId and a chat that is not a customer group', async () => {
    const id = await newOrder();
    const madeUp = await zhangsan.post(`/api/orders/${id}/group`, { chatId: 'wrMadeUpChat0000000000' });
    expect(madeUp).toMatchObject({ status: 404, body: { error: { code: 'chat_not_found' } } });
    const internal = await h.control.openEnterpriseChat({
      callerUserId: 'zhangsan',
      appIdentity: true,
      groupName: '内部群',
      userIds: ['lisi', 'wangwu'],
      externalUserIds: [],
    });
    if (!internal.ok || !internal.chatId) throw new Error('no internal group');
    const notCustomer = await zhangsan.post(`/api/orders/${id}/group`, { chatId: internal.chatId });
    expect(notCustomer).toMatchObject({ status: 422, body: { error: { code: 'not_customer_group' } } });
    expect(await groupOf(id)).toBeNull();
  });

  it('binds a real creation on the first press while WeCom’s read lags a moment', async () => {
    await h.control.settings({ groupReadLagMs: 1_200 });
    const id = await newOrder();
    expect((await zhangsan.post(`/api/orders/${id}/group/intent`)).status).toBe(200);
    const chatId = await createInClient();
    const bind = await zhangsan.post(`/api/orders/${id}/group`, { chatId });
    expect(bind.status).toBe(201);
    expect(await groupOf(id)).toMatchObject({ chatId, status: expect.stringMatching(/created|confirmed/) });
  });

  it('binds a creation WeCom does not show for long as unverified: nothing shown or sent until WeCom shows it', async () => {
    await h.control.settings({ groupReadLagMs: 8_000 });
    const id = await newOrder();
    expect((await zhangsan.post(`/api/orders/${id}/group/intent`)).status).toBe(200);
    const chatId = await createInClient();
    const bind = await zhangsan.post<GroupBinding>(`/api/orders/${id}/group`, { chatId });
    expect(bind).toMatchObject({ status: 202, body: { chatId: null, status: 'creating', members: [] } });
    expect(await groupOf(id)).toMatchObject({ chatId: null, status: 'creating', members: [] });
    expect(h.hooks.ofType('group.created', id)).toEqual([]);
    // A second order cannot take the chat meanwhile; the page's retry of the same bind stays 202.
    expect((await zhangsan.post(`/api/orders/${id}/group`, { chatId })).status).toBe(202);
    // WeCom catches up: the callback worker's retries verify it.
    await h.control.settings({ groupReadLagMs: 0 });
    const verified = await eventually(async () => {
      const g = await groupOf(id);
      return g?.chatId === chatId && g.members.length > 0 && g;
    }, 20_000);
    expect(verified.members.map((m) => m.id)).toContain(C.chenXiaoming);
    await eventually(async () => h.hooks.ofType('group.created', id).length === 1);
  });

  it('a made-up chatId under the presser’s own lease is held unverified and never shown', async () => {
    await h.control.settings({ groupReadLagMs: 0 });
    const id = await newOrder();
    expect((await zhangsan.post(`/api/orders/${id}/group/intent`)).status).toBe(200);
    const res = await zhangsan.post(`/api/orders/${id}/group`, { chatId: 'wrNeverMade000000000000' });
    expect(res.status).toBe(202);
    expect(await groupOf(id)).toMatchObject({ chatId: null, status: 'creating', members: [] });
    expect(h.hooks.ofType('group.created', id)).toEqual([]);
  });
});
