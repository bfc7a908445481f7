// The business API as an integrator codes against it: the OpenAPI document (generated from the
// zod contracts) and every answer checked against it by the harness, order lists with a cursor,
// closing orders, recovering webhook events, and WeCom's domain verification file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventList, OrderList, OrderResponse } from '@kequn/contracts';
import { DEMO_CUSTOMER_IDS as C } from '@kequn/wecom-sim';
import { eventually, startHarness, type Harness, type StaffClient } from '../apps/server/src/testing/harness';
import { contractChecker } from '../apps/server/src/testing/contract-check';

let h: Harness;
let zhangsan: StaffClient;

beforeAll(async () => {
  h = await startHarness({ engine: 'postgres', env: { WECOM_DOMAIN_VERIFY: 'WW_verify_Ab12Cd34.txt:Zx9y8W' } });
  zhangsan = await h.signIn('zhangsan');
});
afterAll(() => h?.close());

const register = (id: string, staff = ['zhangsan']) =>
  h.business('PUT', `/api/v1/orders/${id}`, {
    title: id,
    customer: { externalUserId: C.chenXiaoming },
    staffUserIds: staff,
  });

describe('the OpenAPI document', () => {
  it('is served without a key, is OpenAPI 3.1, and its schemas compile', async () => {
    const res = await fetch(`${h.base}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/orders', '/api/v1/orders/{orderId}', '/api/v1/events']),
    );
    const check = contractChecker(doc as never);
    expect(check('GET', '/api/v1/orders/A-1', 200, { orderId: 5 })).toMatch(
      /must have required property|must be string/,
    );
    expect(check('GET', '/api/v1/orders/A-1', 204, {})).toMatch(/does not list/);
    const page = await fetch(`${h.base}/api/v1/reference`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('PUT /api/v1/orders/{orderId}');
  });
});

describe('orders', () => {
  it('are listed newest updated first, filtered, and paged with a cursor that skips and repeats none', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `LIST-${i}`);
    for (const id of ids) expect((await register(id, ['lisi'])).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?staff=lisi&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = OrderList.parse((await h.business('GET', `/api/v1/orders${query}`)).body);
      seen.push(...page.orders.map((o) => o.orderId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const none = OrderList.parse((await h.business('GET', '/api/v1/orders?status=none&staff=lisi')).body);
    expect(none.orders).toHaveLength(7);
    expect((await h.business('GET', '/api/v1/orders?cursor=bm9wZQ')).status).toBe(400);
    expect((await h.business('GET', '/api/v1/orders?status=odd')).status).toBe(400);
  });

  it('are closed by DELETE: the group stays, the order says when it closed, and a PUT reopens it', async () => {
    await register('CLOSE-1');
    const closed = await h.business('DELETE', '/api/v1/orders/CLOSE-1');
    expect(closed.status).toBe(200);
    expect(OrderResponse.parse(closed.body).closedAt).toEqual(expect.any(String));
    const list = OrderList.parse((await h.business('GET', '/api/v1/orders?status=closed')).body);
    expect(list.orders.map((o) => o.orderId)).toContain('CLOSE-1');
    expect((await h.business('DELETE', '/api/v1/orders/NO-SUCH')).status).toBe(404);
    expect(OrderResponse.parse((await register('CLOSE-1')).body).closedAt).toBeNull();
  });
});

describe('webhook events', () => {
  it('can be read after an outage on the receiver’s side and delivered again', async () => {
    await register('EVT-1');
    await zhangsan.post('/api/orders/EVT-1/group/intent');
    const chat = await h.control.openEnterpriseChat({
      callerUserId: 'zhangsan',
      appIdentity: true,
      groupName: '事件群',
      userIds: ['lisi'],
      externalUserIds: [C.chenXiaoming],
    });
    if (!chat.ok || !chat.chatId) throw new Error('no group');
    expect((await zhangsan.post('/api/orders/EVT-1/group', { chatId: chat.chatId })).status).toBe(201);
    const created = await eventually(async () => h.hooks.ofType('group.created', 'EVT-1')[0]);
    const all = EventList.parse((await h.business('GET', '/api/v1/events?limit=500')).body);
    const record = all.events.find((e) => e.id === created.id);
    expect(record).toMatchObject({
      type: 'group.created',
      data: { orderId: 'EVT-1' },
      delivery: { state: 'delivered' },
    });
    const after = EventList.parse((await h.business('GET', `/api/v1/events?after=${created.id}&limit=500`)).body);
    expect(after.events.map((e) => e.id)).not.toContain(created.id);

    const again = await h.business('POST', `/api/v1/events/${created.id}/redeliver`);
    expect(again).toMatchObject({ status: 202, body: { id: created.id, state: 'pending' } });
    await eventually(async () => h.hooks.deliveries.filter((d) => d.id === created.id).length === 2);
    expect((await h.business('POST', '/api/v1/events/evt_nope/redeliver')).status).toBe(404);
  });
});

describe('WeCom domain verification', () => {
  it('serves the WW_verify file as plain text at the root, and nothing else by that route', async () => {
    const res = await fetch(`${h.base}/WW_verify_Ab12Cd34.txt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toBe('Zx9y8W');
    expect((await fetch(`${h.base}/WW_verify_other.txt`)).status).toBe(404);
  });
});
