// The managers' console API over the simulator: who gets in (admin, viewer, everyone else), the
// orders list (search, filters, paging, CSV), an order's detail, failures with redeliver/retry
// (audited), figures on a small dataset, handover, and the web login that signs managers in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditPage,
  ConsoleFailures,
  ConsoleFigures,
  ConsoleMe,
  ConsoleOrderDetail,
  ConsoleOrderPage,
  ConsolePool,
  ConsoleHandoverList,
  Handover,
} from '@kequn/contracts';
import { DEMO_CUSTOMER_IDS as C } from '@kequn/wecom-sim';
import {
  cookiePair,
  eventually,
  startHarness,
  type Harness,
  type StaffClient,
} from '../apps/server/src/testing/harness';

let h: Harness;
let admin: StaffClient;
let viewer: StaffClient;
let staff: StaffClient;
const db = () => h.server.database.db;

async function register(orderId: string, title: string, extra: Record<string, unknown> = {}) {
  const res = await h.business('PUT', `/api/v1/orders/${orderId}`, {
    title,
    customer: { externalUserId: C.chenXiaoming, name: '陈晓明' },
    staffUserIds: ['zhangsan', 'lisi'],
    ...extra,
  });
  expect(res.status).toBe(201);
}

async function withGroup(orderId: string): Promise<string> {
  const { chatId } = await h.control.createGroup({ owner: 'zhangsan', name: orderId });
  expect((await staff.post(`/api/orders/${orderId}/group`, { chatId })).status).toBe(201);
  return chatId;
}

const write = (client: StaffClient, path: string, body?: unknown) => client.post(path, body, { origin: h.base });

beforeAll(async () => {
  h = await startHarness({ env: { ADMIN_USER_IDS: 'zhouba', CONSOLE_VIEWER_IDS: 'sunqi' } });
  admin = await h.signIn('zhouba');
  viewer = await h.signIn('sunqi');
  staff = await h.signIn('zhangsan');
  await register('CON-1', '空调安装 3 台');
  await register('CON-2', '热水器维修', { customer: { mobile: '13800138001', name: '王小红' } });
  await register('CON-3', '净水器%特价', { staff: [{ userId: 'wangwu', name: '王五' }] });
  await withGroup('CON-2');
  // WeCom's callback confirms the group and records its members.
  await eventually(async () => {
    const res = await h.business<{ group: { status: string; members: unknown[] } | null }>(
      'GET',
      '/api/v1/orders/CON-2',
    );
    return res.body.group?.status === 'confirmed' && res.body.group.members.length > 0;
  });
});
afterAll(() => h?.close());

describe('who gets into the console', () => {
  it('answers admins and viewers with their role, everyone else 403 console_forbidden, nobody 401', async () => {
    expect(ConsoleMe.parse((await admin.get('/api/console/me')).body)).toEqual({ userId: 'zhouba', role: 'admin' });
    expect(ConsoleMe.parse((await viewer.get('/api/console/me')).body)).toEqual({ userId: 'sunqi', role: 'viewer' });
    for (const path of ['/api/console/me', '/api/console/orders', '/api/console/failures', '/api/console/figures']) {
      expect(await staff.get(path)).toMatchObject({ status: 403, body: { error: { code: 'console_forbidden' } } });
      expect((await fetch(`${h.base}${path}`)).status).toBe(401);
    }
  });

  it('lets viewers read but not act; handovers are for admins only', async () => {
    expect((await viewer.get('/api/console/orders')).status).toBe(200);
    for (const path of ['/api/console/webhooks/evt_x/redeliver', '/api/console/callbacks/x/retry']) {
      expect(await write(viewer, path)).toMatchObject({ status: 403, body: { error: { code: 'console_read_only' } } });
      expect(await write(staff, path)).toMatchObject({ status: 403, body: { error: { code: 'console_forbidden' } } });
    }
    const start = await write(viewer, '/api/console/handovers', { from: 'lisi', to: 'wangwu', reason: 'on_job' });
    expect(start).toMatchObject({ status: 403, body: { error: { code: 'console_read_only' } } });
    expect((await viewer.get('/api/console/handovers')).status).toBe(403);
    // A write from another site is refused even for an admin.
    const foreign = await admin.post('/api/console/callbacks/x/retry', undefined, { origin: 'https://evil.example' });
    expect(foreign).toMatchObject({ status: 403, body: { error: { code: 'cross_origin' } } });
  });

  it('signs a manager in through WeCom web login (扫码登录) and back to the console', async () => {
    const start = await fetch(`${h.base}/auth/wecom/web-start?next=/console/orders`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const login = new URL(start.headers.get('location') ?? '');
    expect(login.pathname).toBe('/wwlogin/sso/login');
    expect(Object.fromEntries(login.searchParams)).toMatchObject({
      login_type: 'CorpApp',
      redirect_uri: `${h.base}/auth/wecom/callback`,
    });
    const picked = await fetch(`${login.toString()}&sim_userid=zhouba`, { redirect: 'manual' });
    expect(picked.status).toBe(302);
    const back = await fetch(picked.headers.get('location') ?? '', {
      redirect: 'manual',
      headers: { cookie: cookiePair(start, 'kequn_oauth') },
    });
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/console/orders');
    const me = await fetch(`${h.base}/api/console/me`, { headers: { cookie: cookiePair(back, 'kequn_session') } });
    expect(await me.json()).toEqual({ userId: 'zhouba', role: 'admin' });
    expect((await fetch(`${h.base}/auth/wecom/web-start?next=//evil.example`, { redirect: 'manual' })).status).toBe(
      400,
    );
  });
});

describe('orders', () => {
  const list = async (query: string) => {
    const res = await admin.get(`/api/console/orders?${query}`);
    expect(res.status).toBe(200);
    return ConsoleOrderPage.parse(res.body);
  };
  const ids = (page: ConsoleOrderPage) => page.orders.map((o) => o.orderId);

  it('lists newest first and searches id, title, customer and staff (ILIKE, % taken literally)', async () => {
    expect(ids(await list(''))).toEqual(['CON-3', 'CON-2', 'CON-1']);
    expect(ids(await list('q=con-2'))).toEqual(['CON-2']);
    expect(ids(await list('q=空调'))).toEqual(['CON-1']);
    expect(ids(await list('q=王小红'))).toEqual(['CON-2']);
    expect(ids(await list('q=13800138001'))).toEqual(['CON-2']);
    expect(ids(await list('q=WANGWU'))).toEqual(['CON-3']);
    expect(ids(await list('q=王五'))).toEqual(['CON-3']);
    expect(ids(await list(`q=${encodeURIComponent('%')}`))).toEqual(['CON-3']);
    expect((await admin.get('/api/console/orders?status=bogus')).status).toBe(400);
  });

  it('filters by group status and route, and pages with a cursor', async () => {
    expect(ids(await list('status=none'))).toEqual(['CON-3', 'CON-1']);
    const confirmed = await list('status=confirmed');
    expect(ids(confirmed)).toEqual(['CON-2']);
    expect(confirmed.orders[0]?.group).toMatchObject({ status: 'confirmed', route: 'jssdk', platform: 'wecom' });
    expect(ids(await list('status=created'))).toEqual([]);
    expect(ids(await list('platform=wecom'))).toEqual(['CON-2']);
    expect(ids(await list('route=join_qr'))).toEqual([]);
    const first = await list('limit=2');
    expect(ids(first)).toEqual(['CON-3', 'CON-2']);
    const second = await list(`limit=2&cursor=${first.nextCursor}`);
    expect(ids(second)).toEqual(['CON-1']);
    expect(second.nextCursor).toBeNull();
    expect((await admin.get('/api/console/orders?cursor=nonsense')).status).toBe(400);
  });

  it('exports the filtered list as CSV (BOM, header, one line per order)', async () => {
    const res = await fetch(`${h.base}/api/console/orders.csv?status=none`, { headers: { cookie: admin.cookie } });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"/);
    const text = await res.text();
    const lines = text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^订单号,标题,客户/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['CON-3', 'CON-1']);
    expect(lines[1]).toContain('未建群');
    expect((await fetch(`${h.base}/api/console/orders.csv`, { headers: { cookie: staff.cookie } })).status).toBe(403);
  });

  it('shows an order: group, members, deliveries and the page being opened', async () => {
    expect((await staff.get('/api/orders/CON-2')).status).toBe(200);
    await eventually(async () => h.hooks.ofType('group.created', 'CON-2').length === 1);
    const detail = ConsoleOrderDetail.parse((await admin.get('/api/console/orders/CON-2')).body);
    expect(detail.order).toMatchObject({ orderId: 'CON-2', title: '热水器维修' });
    expect(detail.group).toMatchObject({ status: 'confirmed', createdBy: 'zhangsan', owner: 'zhangsan' });
    expect(detail.members).toContainEqual(
      expect.objectContaining({ id: 'zhangsan', type: 'staff', joinedAt: expect.any(String) }),
    );
    expect(detail.deliveries.map((d) => d.type)).toContain('group.created');
    await eventually(async () => {
      const again = ConsoleOrderDetail.parse((await admin.get('/api/console/orders/CON-2')).body);
      return again.deliveries.every((d) => d.state === 'delivered');
    });
    expect(detail.events.map((e) => e.kind)).toEqual(['page_opened']);
    expect(detail.dismissedGroups).toEqual([]);
    expect(detail.joinQr).toBeNull();
    expect((await admin.get('/api/console/orders/NOPE-1')).status).toBe(404);
  });

  it('shows the pool (empty here)', async () => {
    const pool = ConsolePool.parse((await viewer.get('/api/console/pool')).body);
    expect(pool).toMatchObject({ available: true, owners: [], total: { free: 0, assigned: 0 } });
  });
});

describe('failures and retries', () => {
  it('lists a parked callback and a failed webhook; an admin retries and redelivers, both audited', async () => {
    const now = new Date();
    await db()
      .insertInto('callback_events')
      .values({
        id: 'cb-parked-1',
        event: 'change_external_chat',
        fields: JSON.stringify({ ChangeType: 'update', ChatId: 'wrNoSuchChat' }),
        received_at: now,
        next_attempt_at: now,
        attempts: 5,
        failed_at: now,
        last_error: 'boom',
      })
      .execute();
    await eventually(async () => h.hooks.ofType('group.created', 'CON-2').length === 1);
    const event = await db()
      .selectFrom('webhook_outbox')
      .select('id')
      .where('event_type', '=', 'group.created')
      .executeTakeFirstOrThrow();
    await db()
      .updateTable('webhook_outbox')
      .set({ done_at: null, failed_at: now, attempts: 8, last_error: 'HTTP 500' })
      .where('id', '=', event.id)
      .execute();

    const failures = ConsoleFailures.parse((await viewer.get('/api/console/failures')).body);
    expect(failures.callbacks).toEqual([
      expect.objectContaining({ id: 'cb-parked-1', attempts: 5, lastError: 'boom', fields: expect.any(Object) }),
    ]);
    expect(failures.webhooks).toEqual([
      expect.objectContaining({ id: event.id, orderId: 'CON-2', type: 'group.created', lastError: 'HTTP 500' }),
    ]);
    expect(failures.orphanJoinWays).toEqual([]);

    const deliveredBefore = h.hooks.ofType('group.created', 'CON-2').length;
    const redelivered = await write(admin, `/api/console/webhooks/${event.id}/redeliver`);
    expect(redelivered).toMatchObject({ status: 202, body: { ok: true } });
    await eventually(async () => h.hooks.ofType('group.created', 'CON-2').length === deliveredBefore + 1);

    const retried = await write(admin, '/api/console/callbacks/cb-parked-1/retry');
    expect(retried).toMatchObject({ status: 202, body: { ok: true } });
    const row = await db()
      .selectFrom('callback_events')
      .selectAll()
      .where('id', '=', 'cb-parked-1')
      .executeTakeFirstOrThrow();
    expect(row.failed_at === null || row.attempts >= 1).toBe(true);
    expect((await write(admin, '/api/console/callbacks/cb-parked-1/retry')).status).toBe(
      row.failed_at === null ? 404 : 202,
    );
    expect((await write(admin, '/api/console/webhooks/evt_nope/redeliver')).status).toBe(404);

    const after = ConsoleFailures.parse((await admin.get('/api/console/failures')).body);
    expect(after.webhooks).toEqual([]);

    const auditLog = AuditPage.parse((await viewer.get('/api/console/audit')).body);
    expect(auditLog.entries.map((e) => [e.action, e.actor, e.target]).slice(-2)).toEqual([
      ['callback.retry', 'zhouba', 'cb-parked-1'],
      ['webhook.redeliver', 'zhouba', event.id],
    ]);
  });
});

describe('figures', () => {
  const at = (iso: string) => new Date(iso);
  const MIN = 60_000;

  it('counts registered → opened → group → customer and the times to group and customer, per staff and day', async () => {
    // Four orders registered on 2025-03-01 and 2025-03-02 (China time), by zhangsan and lisi.
    const orders = [
      { id: 'FIG-1', staff: 'zhangsan', created: '2025-03-01T01:00:00Z', opened: true, group: 10, customer: 30 },
      { id: 'FIG-2', staff: 'zhangsan', created: '2025-03-01T02:00:00Z', opened: true, group: 20, customer: null },
      { id: 'FIG-3', staff: 'lisi', created: '2025-03-02T03:00:00Z', opened: true, group: 40, customer: 100 },
      { id: 'FIG-4', staff: 'lisi', created: '2025-03-02T15:30:00Z', opened: false, group: null, customer: null },
    ];
    for (const o of orders) {
      const created = at(o.created);
      await db()
        .insertInto('orders')
        .values({ order_id: o.id, title: o.id, created_at: created, updated_at: created } as never)
        .execute();
      await db().insertInto('order_staff').values({ order_id: o.id, user_id: o.staff, position: 0 }).execute();
      if (o.opened) {
        await h.server.database.db
          .withTables<{ order_events: { order_id: string; kind: string; at: Date } }>()
          .insertInto('order_events')
          .values({ order_id: o.id, kind: 'page_opened', at: new Date(created.getTime() + MIN) })
          .execute();
      }
      if (o.group === null) continue;
      const groupAt = new Date(created.getTime() + o.group * MIN);
      await db()
        .insertInto('bindings')
        .values({
          order_id: o.id,
          chat_id: `wr${o.id}`,
          status: 'confirmed',
          created_by: o.staff,
          created_at: groupAt,
          updated_at: groupAt,
          intent_at: null,
          lease_until: null,
          awaiting_callback: false,
          customer_ids: '[]',
          confirmed_at: groupAt,
          dismissed_at: null,
        })
        .execute();
      await db()
        .insertInto('group_members')
        .values({
          chat_id: `wr${o.id}`,
          member_id: o.staff,
          type: 'staff',
          name: null,
          joined_at: groupAt,
          left_at: null,
        })
        .execute();
      if (o.customer !== null) {
        await db()
          .insertInto('group_members')
          .values({
            chat_id: `wr${o.id}`,
            member_id: `wm${o.id}`,
            type: 'customer',
            name: null,
            joined_at: new Date(created.getTime() + o.customer * MIN),
            left_at: null,
          })
          .execute();
      }
    }
    const res = await viewer.get('/api/console/figures?from=2025-03-01&to=2025-03-02');
    expect(res.status).toBe(200);
    const figures = ConsoleFigures.parse(res.body);
    expect(figures.total).toEqual({
      registered: 4,
      pageOpened: 3,
      groupCreated: 3,
      customerJoined: 2,
      // 10, 20, 40 minutes: median 20, p90 (interpolated) 36; customers 30 and 100: 65 and 93.
      toGroup: { count: 3, medianMs: 20 * MIN, p90Ms: 36 * MIN },
      toCustomer: { count: 2, medianMs: 65 * MIN, p90Ms: 93 * MIN },
    });
    expect(figures.perStaff.map((s) => [s.userId, s.registered, s.groupCreated, s.customerJoined])).toEqual([
      ['lisi', 2, 1, 1],
      ['zhangsan', 2, 2, 1],
    ]);
    expect(figures.perStaff.find((s) => s.userId === 'zhangsan')?.toGroup.medianMs).toBe(15 * MIN);
    // FIG-4 at 15:30 UTC is 2025-03-02 23:30 in China: the 2nd.
    expect(figures.perDay.map((d) => [d.day, d.registered, d.pageOpened, d.groupCreated])).toEqual([
      ['2025-03-01', 2, 2, 2],
      ['2025-03-02', 2, 1, 1],
    ]);
    const empty = ConsoleFigures.parse((await viewer.get('/api/console/figures?from=2024-01-01&to=2024-01-03')).body);
    expect(empty.total.registered).toBe(0);
    expect(empty.perDay).toHaveLength(3);
    expect((await viewer.get('/api/console/figures?from=2025-03-05&to=2025-03-01')).status).toBe(400);
    expect((await viewer.get('/api/console/figures?from=2025-02-30')).status).toBe(400);

    // Writes after a read count at the next read (the figures keep one row per order up to date).
    await db()
      .insertInto('group_members')
      .values({
        chat_id: 'wrFIG-2',
        member_id: 'wmFIG-2',
        type: 'customer',
        name: null,
        joined_at: at('2025-03-01T02:50:00Z'),
        left_at: null,
      })
      .execute();
    await db().updateTable('order_staff').set({ user_id: 'wangwu' }).where('order_id', '=', 'FIG-4').execute();
    const later = ConsoleFigures.parse((await viewer.get('/api/console/figures?from=2025-03-01&to=2025-03-02')).body);
    // Customers now after 30, 50 and 100 minutes.
    expect(later.total.toCustomer).toEqual({ count: 3, medianMs: 50 * MIN, p90Ms: 90 * MIN });
    expect(later.perStaff.map((s) => [s.userId, s.registered])).toEqual([
      ['zhangsan', 2],
      ['lisi', 1],
      ['wangwu', 1],
    ]);
  });
});

describe('handover', () => {
  it('an admin starts a handover, sees its progress and results; it is audited', async () => {
    await register('CON-HO-1', '交接单');
    const { chatId } = await h.control.createGroup({ owner: 'lisi', name: 'ho' });
    const lisi = await h.signIn('lisi');
    expect((await lisi.post('/api/orders/CON-HO-1/group', { chatId })).status).toBe(201);
    const started = await write(admin, '/api/console/handovers', { from: 'lisi', to: 'wangwu', reason: 'on_job' });
    expect(started.status).toBe(201);
    const { handover } = started.body as { handover: Handover; auditId: string };
    expect(handover.counts).toEqual({ pending: 0, transferred: 1, failed: 0 });
    expect(handover.requestedBy).toBe('console:zhouba');
    const list = ConsoleHandoverList.parse((await admin.get('/api/console/handovers')).body);
    expect(list.handovers[0]).toMatchObject({ id: handover.id, from: 'lisi', to: 'wangwu' });
    const read = Handover.parse((await admin.get(`/api/console/handovers/${handover.id}`)).body);
    expect(read.groups).toEqual([expect.objectContaining({ chatId, state: 'transferred' })]);
    const log = AuditPage.parse((await admin.get('/api/console/audit?limit=1')).body);
    expect(log.entries[0]).toMatchObject({ action: 'handover.start', target: handover.id, actor: 'zhouba' });
    expect(log.nextCursor).not.toBeNull();
    const rest = AuditPage.parse((await admin.get(`/api/console/audit?limit=50&cursor=${log.nextCursor}`)).body);
    expect(rest.entries.map((e) => e.action)).not.toContain('handover.start');
    expect((await write(admin, '/api/console/handovers', { from: 'lisi', to: 'lisi', reason: 'on_job' })).status).toBe(
      400,
    );
  });
});

describe('the console page', () => {
  it('is served at /console with history routing, apart from the staff page', async () => {
    for (const path of ['/console', '/console/orders/CON-1', '/console/failures']) {
      const res = await fetch(`${h.base}${path}`);
      expect([200, 503]).toContain(res.status);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toMatch(/控制台|<div id="app">/);
    }
    expect((await fetch(`${h.base}/console/assets/nope.js`)).status).toBe(404);
  });
});
