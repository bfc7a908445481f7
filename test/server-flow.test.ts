// One order → one group, end to end over HTTP: the business system registers an order, staff sign
// in through (simulated) WeCom OAuth, create the group in the (simulated) client, WeCom's
// encrypted callbacks confirm it, and signed webhooks tell the business system.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GroupBinding, Me, OrderLookup, OrderResponse, StaffOrderView } from '@kequn/contracts';
import { DEMO_CORP, DEMO_CUSTOMER_IDS as C } from '@kequn/wecom-sim';
import { eventually, startHarness, type Harness, type StaffClient } from '../apps/server/src/testing/harness';

let h: Harness;
let zhangsan: StaffClient;
let n = 0;
const newOrderId = () => `FLOW-${++n}`;

async function register(orderId: string, customer: Record<string, string>, staffUserIds = ['zhangsan', 'lisi']) {
  const res = await h.business('PUT', `/api/v1/orders/${orderId}`, {
    title: `订单 ${orderId}`,
    customer,
    staffUserIds,
  });
  expect(res.status).toBe(201);
  return res;
}

async function groupOf(orderId: string): Promise<GroupBinding | null> {
  const res = await h.business<OrderResponse>('GET', `/api/v1/orders/${orderId}`);
  return OrderResponse.parse(res.body).group;
}

const createInClient = (externalUserIds: string[], appIdentity = true) =>
  h.control.openEnterpriseChat({
    callerUserId: 'zhangsan',
    userIds: ['lisi'],
    externalUserIds,
    groupName: '测试群',
    appIdentity,
  });

beforeAll(async () => {
  h = await startHarness({ env: { DEFAULT_GROUP_MEMBERS: 'wangwu', ADMIN_USER_IDS: 'zhouba' } });
  zhangsan = await h.signIn('zhangsan');
});
afterAll(() => h?.close());
beforeEach(() => h.resetSim());

describe('business API', () => {
  it('registers (201), updates (200) and reads an order with its links and no group yet', async () => {
    const id = newOrderId();
    const created = await register(id, { mobile: '13800138001', name: '陈晓明' });
    expect(OrderResponse.parse(created.body)).toMatchObject({
      orderId: id,
      h5Url: `${h.base}/orders/${id}`,
      qrUrl: `${h.base}/api/v1/orders/${id}/qr.svg`,
      group: null,
    });
    const updated = await h.business('PUT', `/api/v1/orders/${id}`, {
      title: '改了',
      customer: { externalUserId: C.chenXiaoming },
      staffUserIds: ['lisi'],
      groupName: '陈晓明的订单群',
    });
    expect(updated.status).toBe(200);
    const read = await h.business<OrderResponse>('GET', `/api/v1/orders/${id}`);
    expect(read.body).toMatchObject({ title: '改了', staffUserIds: ['lisi'], groupName: '陈晓明的订单群' });
  });

  it('serves the QR code of the H5 URL as SVG and PNG', async () => {
    const id = newOrderId();
    await register(id, { mobile: '13800138001' });
    const svg = await fetch(`${h.base}/api/v1/orders/${id}/qr.svg`, {
      headers: { authorization: 'Bearer test-api-key-0123456789abcdef' },
    });
    expect(svg.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(await svg.text()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const png = await fetch(`${h.base}/api/v1/orders/${id}/qr.png`, {
      headers: { authorization: 'Bearer test-api-key-0123456789abcdef' },
    });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });
});

describe('staff sign-in', () => {
  it('gives a session for a corp member, and /api/me reads it', async () => {
    const me = await zhangsan.get('/api/me');
    expect(me.status).toBe(200);
    expect(Me.parse(me.body)).toEqual({ userId: 'zhangsan', name: null, corpId: DEMO_CORP.corpId });
    expect((await fetch(`${h.base}/api/me`)).status).toBe(401);
  });

  it('sends the browser back to the local path it came from, with a httpOnly SameSite=Lax cookie', async () => {
    const start = await fetch(`${h.base}/auth/wecom/start?next=${encodeURIComponent('/orders/A-1?x=1')}`, {
      redirect: 'manual',
    });
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.origin + authorize.pathname).toBe(`${h.sim.url}/connect/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      appid: DEMO_CORP.corpId,
      agentid: DEMO_CORP.agentId,
      scope: 'snsapi_base',
      response_type: 'code',
      redirect_uri: `${h.base}/auth/wecom/callback`,
    });
    expect(authorize.hash).toBe('#wechat_redirect');
    const back = await fetch((await fetch(authorize, { redirect: 'manual' })).headers.get('location') ?? '', {
      redirect: 'manual',
      headers: { cookie: start.headers.getSetCookie()[0]?.split(';')[0] ?? '' },
    });
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/orders/A-1?x=1');
    const session = back.headers.getSetCookie().find((c) => c.startsWith('kequn_session='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i); // PUBLIC_URL is http here
  });

  it('shows non-members a Chinese 403 page and gives them no session', async () => {
    await h.control.setSession({ openid: 'oNonMember123', externalUserId: C.chenXiaoming });
    const start = await fetch(`${h.base}/auth/wecom/start`, { redirect: 'manual' });
    const authorize = await fetch(start.headers.get('location') ?? '', { redirect: 'manual' });
    const back = await fetch(authorize.headers.get('location') ?? '', {
      redirect: 'manual',
      headers: { cookie: start.headers.getSetCookie()[0]?.split(';')[0] ?? '' },
    });
    expect(back.status).toBe(403);
    expect(await back.text()).toContain('仅限企业成员使用');
    expect(back.headers.getSetCookie().some((c) => c.startsWith('kequn_session='))).toBe(false);
  });
});

describe('staff view of an order', () => {
  it('names the given customer, the participants (order staff + defaults) and no group', async () => {
    const id = newOrderId();
    await register(id, { externalUserId: C.chenXiaoming });
    const res = await zhangsan.get<StaffOrderView>(`/api/orders/${id}`);
    expect(res.status).toBe(200);
    const view = StaffOrderView.parse(res.body);
    expect(view.customer).toMatchObject({
      match: 'given',
      customers: [{ externalUserId: C.chenXiaoming, name: '陈晓明', type: 1 }],
    });
    expect(view.participants).toEqual([
      { userId: 'zhangsan', name: null, source: 'order' },
      { userId: 'lisi', name: null, source: 'order' },
      { userId: 'wangwu', name: null, source: 'default' },
    ]);
    expect(view).toMatchObject({ group: null, creating: null });
  });

  it('finds the customer by a remark mobile among the staff member’s own customers (paging through them)', async () => {
    const id = newOrderId();
    await register(id, { mobile: '+86 139-0013-9002' });
    const view = StaffOrderView.parse((await zhangsan.get(`/api/orders/${id}`)).body);
    expect(view.customer).toMatchObject({
      match: 'mobile',
      customers: [{ externalUserId: C.linMeihua, name: '林美华' }],
    });
    const other = newOrderId();
    await register(other, { mobile: '13300133012' }); // lisi's customer, not zhangsan's
    expect(StaffOrderView.parse((await zhangsan.get(`/api/orders/${other}`)).body).customer).toEqual({
      match: 'none',
      customers: [],
    });
  });

  it('refuses staff who are not on the order, but lets an admin in', async () => {
    const id = newOrderId();
    await register(id, { mobile: '13800138001' }, ['lisi']);
    // Not on the order answers exactly like no such order: order ids cannot be probed.
    const notMine = await zhangsan.get<{ error: { message: string } }>(`/api/orders/${id}`);
    const missing = await zhangsan.get<{ error: { message: string } }>(`/api/orders/${id}X`);
    expect(notMine.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(notMine.body).toEqual({ error: { code: 'order_not_found', message: `No order ${id}.` } });
    expect(missing.body).toEqual({ error: { code: 'order_not_found', message: `No order ${id}X.` } });
    const admin = await h.signIn('zhouba');
    expect((await admin.get(`/api/orders/${id}`)).status).toBe(200);
  });

  it('shows a customer WeCom does not know as a diagnostic, not an outage (84061, 40096); 48002 stays an upstream error', async () => {
    const id = newOrderId();
    await register(id, { externalUserId: C.songYu });
    const gone = await zhangsan.get(`/api/orders/${id}`);
    expect(gone.status).toBe(200);
    expect(StaffOrderView.parse(gone.body).customer).toEqual({
      match: 'none',
      customers: [],
      problem: { code: 'wecom_not_external_contact', message: expect.stringContaining('84061') },
    });
    const unknown = newOrderId();
    await register(unknown, { externalUserId: 'wmNoSuchCustomer0000' });
    const missing = StaffOrderView.parse((await zhangsan.get(`/api/orders/${unknown}`)).body);
    expect(missing.customer.problem?.code).toBe('wecom_unknown_external_user');
    const other = newOrderId();
    await register(other, { externalUserId: C.linMeihua });
    await h.control.settings({ customerContactEnabled: false });
    const forbidden = await zhangsan.get(`/api/orders/${other}`);
    expect(forbidden).toMatchObject({ status: 502, body: { error: { code: 'wecom_api_forbidden' } } });
  });

  it('shows the staff names the business system sent, and names a picked customer', async () => {
    const id = newOrderId();
    const put = await h.business('PUT', `/api/v1/orders/${id}`, {
      title: '带名字的订单',
      customer: { externalUserId: C.chenXiaoming },
      staff: [{ userId: 'zhangsan', name: '张三' }, { userId: 'lisi' }],
    });
    expect(put.status).toBe(201);
    expect(OrderResponse.parse(put.body)).toMatchObject({
      staffUserIds: ['zhangsan', 'lisi'],
      staff: [
        { userId: 'zhangsan', name: '张三' },
        { userId: 'lisi', name: null },
      ],
    });
    const view = StaffOrderView.parse((await zhangsan.get(`/api/orders/${id}`)).body);
    // wangwu is the deployment's default member (DEFAULT_GROUP_MEMBERS): no name given.
    expect(view.participants.map((p) => [p.userId, p.name])).toEqual([
      ['zhangsan', '张三'],
      ['lisi', null],
      ['wangwu', null],
    ]);
    const picked = await zhangsan.get<{ name: string }>(`/api/customers/${C.linMeihua}`);
    expect(picked).toMatchObject({ status: 200, body: { externalUserId: C.linMeihua, name: '林美华' } });
    expect((await zhangsan.get('/api/customers/wmNobody00000000')).status).toBe(404);
  });

  it('asks WeCom for the order’s customer once per staff member, not on every page load', async () => {
    const id = newOrderId();
    await register(id, { externalUserId: C.wangJianguo });
    expect((await zhangsan.get(`/api/orders/${id}`)).status).toBe(200); // asks WeCom (after a token refresh)
    await h.control.resetCalls();
    for (let i = 0; i < 49; i += 1) expect((await zhangsan.get(`/api/orders/${id}`)).status).toBe(200);
    expect((await h.control.calls())['/cgi-bin/externalcontact/get'] ?? 0).toBe(0);
  });
});

describe('creating the group', () => {
  it('binds the chatId, confirms it from the callback, records members and sends each webhook once', async () => {
    const id = newOrderId();
    await register(id, { externalUserId: C.chenXiaoming });
    const lisi = await h.signIn('lisi');
    expect((await zhangsan.post(`/api/orders/${id}/group/intent`)).status).toBe(200);
    const second = await lisi.post(`/api/orders/${id}/group/intent`);
    expect(second).toMatchObject({ status: 409, body: { error: { code: 'creation_in_progress', by: 'zhangsan' } } });
    expect(StaffOrderView.parse((await lisi.get(`/api/orders/${id}`)).body).creating).toMatchObject({ by: 'zhangsan' });

    const chat = await createInClient([C.chenXiaoming]);
    if (!chat.ok || !chat.chatId) throw new Error('the simulator created no group');
    const bind = await zhangsan.post(`/api/orders/${id}/group`, { chatId: chat.chatId });
    expect([200, 201]).toContain(bind.status);
    expect((await zhangsan.post(`/api/orders/${id}/group`, { chatId: chat.chatId })).status).toBe(200);
    const other = await lisi.post(`/api/orders/${id}/group`, { chatId: 'wrSomeOtherChat' });
    expect(other).toMatchObject({ status: 409, body: { error: { code: 'group_exists', chatId: chat.chatId } } });

    const confirmed = await eventually(async () => {
      const g = await groupOf(id);
      return g?.status === 'confirmed' && g.members.length === 3 && g;
    });
    expect(confirmed).toMatchObject({ chatId: chat.chatId, createdBy: 'zhangsan' });
    expect(confirmed.members.map((m) => [m.id, m.type])).toEqual(
      expect.arrayContaining([
        ['zhangsan', 'staff'],
        ['lisi', 'staff'],
        [C.chenXiaoming, 'customer'],
      ]),
    );
    await eventually(async () => h.hooks.ofType('group.member_joined', id).length === 1);
    for (const type of ['group.created', 'group.confirmed', 'group.member_joined']) {
      const [hook, ...more] = h.hooks.ofType(type, id);
      expect(more).toEqual([]);
      expect(hook).toMatchObject({ verified: true, data: { orderId: id, chatId: chat.chatId } });
    }
    expect(h.hooks.ofType('group.member_joined', id)[0]?.data.member).toMatchObject({
      id: C.chenXiaoming,
      type: 'customer',
      name: '陈晓明',
    });
    expect((await zhangsan.post(`/api/orders/${id}/group/intent`)).body).toMatchObject({
      error: { code: 'group_exists' },
    });
  });

  it('follows customers joining and leaving, and the group being dismissed', async () => {
    const id = newOrderId();
    await register(id, { externalUserId: C.chenXiaoming });
    await zhangsan.post(`/api/orders/${id}/group/intent`);
    const chat = await createInClient([C.chenXiaoming]);
    if (!chat.ok || !chat.chatId) throw new Error('no group');
    const chatId = chat.chatId;
    await zhangsan.post(`/api/orders/${id}/group`, { chatId });
    await eventually(async () => (await groupOf(id))?.status === 'confirmed');

    await h.control.addMembers(chatId, { externalUserIds: [C.linMeihua], joinScene: 3 });
    await eventually(async () =>
      h.hooks.ofType('group.member_joined', id).some((d) => (d.data.member as { id: string }).id === C.linMeihua),
    );
    await h.control.removeMember(chatId, C.chenXiaoming);
    const left = await eventually(async () => h.hooks.ofType('group.member_left', id)[0]);
    expect(left.data.member).toMatchObject({ id: C.chenXiaoming, type: 'customer' });
    const members = (await groupOf(id))?.members ?? [];
    expect(members.find((m) => m.id === C.chenXiaoming)?.leftAt).not.toBeNull();
    expect(members.find((m) => m.id === C.linMeihua)?.leftAt).toBeNull();

    await h.control.dismissGroup(chatId);
    await eventually(async () => (await groupOf(id))?.status === 'dismissed');
    await eventually(async () => h.hooks.ofType('group.dismissed', id).length === 1);

    // The order is served by a new group now; the dismissed one cannot come back.
    expect((await zhangsan.post(`/api/orders/${id}/group`, { chatId })).body).toMatchObject({
      error: { code: 'group_dismissed' },
    });
    expect((await zhangsan.post(`/api/orders/${id}/group/intent`)).status).toBe(200);
    const next = await createInClient([C.chenXiaoming]);
    if (!next.ok || !next.chatId) throw new Error('no second group');
    expect((await zhangsan.post(`/api/orders/${id}/group`, { chatId: next.chatId })).status).toBe(201);
    await eventually(async () => {
      const g = await groupOf(id);
      return g?.chatId === next.chatId && g.status === 'confirmed';
    });
    await eventually(async () => h.hooks.ofType('group.created', id).length === 2);
    expect(h.hooks.ofType('group.created', id).map((d) => d.data.chatId)).toEqual([chatId, next.chatId]);
    const order = OrderResponse.parse((await h.business('GET', `/api/v1/orders/${id}`)).body);
    expect(order.dismissedGroups).toEqual([
      { chatId, createdBy: 'zhangsan', createdAt: expect.any(String), dismissedAt: expect.any(String) },
    ]);
  });

  it('binds the group of an old client (no chatId returned) from WeCom’s callback', async () => {
    const id = newOrderId();
    await register(id, { mobile: '13800138001' });
    await zhangsan.get(`/api/orders/${id}`); // the page loads first: the customer is found by mobile
    expect((await zhangsan.post(`/api/orders/${id}/group/intent`)).status).toBe(200);
    const chat = await createInClient([C.chenXiaoming], false);
    expect(chat).toMatchObject({ ok: true, chatId: null, kind: 'group' });
    const report = await zhangsan.post<GroupBinding>(`/api/orders/${id}/group`, { chatId: null });
    expect([200, 202]).toContain(report.status);
    const bound = await eventually(async () => {
      const g = await groupOf(id);
      return g?.status === 'confirmed' && g;
    });
    const groups = h.sim.sim.state.groups.list().filter((g) => g.owner === 'zhangsan' && g.name === '测试群');
    expect(groups.map((g) => g.chatId)).toContain(bound.chatId);
    expect(h.hooks.ofType('group.created', id)).toHaveLength(1);
    await eventually(async () => h.hooks.ofType('group.confirmed', id).length === 1);
  });

  it('does not bind someone else’s group made during the window without the order’s customer', async () => {
    const id = newOrderId();
    await register(id, { externalUserId: C.chenXiaoming });
    await zhangsan.post(`/api/orders/${id}/group/intent`);
    await createInClient([C.linMeihua, C.heLi], false);
    await h.callbacksDelivered();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await groupOf(id)).toBeNull();
  });
});

describe('finding the order from a WeCom toolbar or profile', () => {
  it('finds the order of a bound group and the orders of a customer, only for staff on them', async () => {
    const id = newOrderId();
    await register(id, { externalUserId: C.chenXiaoming });
    await zhangsan.post(`/api/orders/${id}/group/intent`);
    const chat = await createInClient([C.chenXiaoming]);
    if (!chat.ok || !chat.chatId) throw new Error('no group');
    await zhangsan.post(`/api/orders/${id}/group`, { chatId: chat.chatId });

    const byChat = OrderLookup.parse((await zhangsan.get(`/api/orders?chatId=${chat.chatId}`)).body);
    expect(byChat.orders).toEqual([
      {
        orderId: id,
        title: `订单 ${id}`,
        group: { chatId: chat.chatId, status: 'created' },
        updatedAt: expect.any(String),
      },
    ]);
    const byCustomer = OrderLookup.parse((await zhangsan.get(`/api/orders?externalUserId=${C.chenXiaoming}`)).body);
    expect(byCustomer.orders.map((o) => o.orderId)).toContain(id);

    const wangwu = await h.signIn('wangwu'); // a default member, not on the order
    expect((await wangwu.get(`/api/orders?chatId=${chat.chatId}`)).body).toEqual({ orders: [] });
    const admin = await h.signIn('zhouba');
    expect(OrderLookup.parse((await admin.get(`/api/orders?chatId=${chat.chatId}`)).body).orders).toHaveLength(1);
    zhangsan = await h.signIn('zhangsan');

    // The workbench: the staff member's own recent orders, newest first, 20 a page.
    for (let i = 0; i < 21; i += 1) await register(newOrderId(), { mobile: '13800138001' }, ['sunqi']);
    const sunqi = await h.signIn('sunqi');
    const first = OrderLookup.parse((await sunqi.get('/api/orders?mine=1')).body);
    expect(first.orders).toHaveLength(20);
    expect(first.nextBefore).toEqual(expect.any(String));
    const second = OrderLookup.parse(
      (await sunqi.get(`/api/orders?mine=1&before=${encodeURIComponent(first.nextBefore ?? '')}`)).body,
    );
    expect(second.orders).toHaveLength(1);
    expect(second.nextBefore).toBeNull();
    expect(new Set([...first.orders, ...second.orders].map((o) => o.orderId)).size).toBe(21);

    expect((await zhangsan.get('/api/orders?chatId=wrNobodysGroup')).body).toEqual({ orders: [] });
    for (const query of ['', '?chatId=a&externalUserId=b', '?chatId=<x>', '?chatId=a&chatId=b']) {
      const res = await zhangsan.get(`/api/orders${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ error: { code: 'invalid_lookup' } });
    }
  });
});
