import { sql, type SqlBool } from 'kysely';
import type {
  ConsoleDelivery,
  ConsoleGroupSummary,
  ConsoleMember,
  ConsoleOrderDetail,
  ConsoleOrderPage,
  ConsoleOrderRow,
  ConsoleOrdersQuery,
  MemberVia,
} from '@kequn/contracts';
import type { BindingStatus, Executor } from '../db/schema';
import { decodeCursor, encodeCursor } from './cursor';
import { withoutJit } from './no-jit';
import { likePattern, mergedPage, orderTextMatches, staffMatches } from './search';
import { withConsoleTables } from './tables';

interface BindingBits {
  chat_id: string | null;
  status: BindingStatus | null;
  platform: string | null;
  route: string | null;
  verified_at: Date | null;
}

function groupSummary(b: BindingBits): ConsoleGroupSummary | null {
  if (!b.status) return null;
  return {
    chatId: b.chat_id,
    status: b.status,
    platform: (b.platform ?? 'wecom') as ConsoleGroupSummary['platform'],
    route: (b.route ?? 'jssdk') as ConsoleGroupSummary['route'],
    verified: b.verified_at !== null,
  };
}

/** The orders with their group, filtered by the group's status, platform and route. */
function ordersQuery(db: Executor, q: Omit<ConsoleOrdersQuery, 'q' | 'limit' | 'cursor'>) {
  let query = db
    .selectFrom('orders as o')
    .leftJoin('bindings as b', 'b.order_id', 'o.order_id')
    .select([
      'o.order_id',
      'o.title',
      'o.customer_name',
      'o.customer_mobile',
      'o.customer_external_user_id',
      'o.group_name',
      'o.created_at',
      'o.updated_at',
      'o.closed_at',
      'b.chat_id',
      'b.status',
      'b.platform',
      'b.route',
      'b.verified_at',
    ]);
  if (q.status === 'none') query = query.where('b.order_id', 'is', null);
  else if (q.status) query = query.where('b.status', '=', q.status);
  if (q.platform) query = query.where('b.platform', '=', q.platform);
  if (q.route) query = query.where('b.route', '=', q.route);
  return query;
}

type OrderRowDb = Awaited<ReturnType<ReturnType<typeof ordersQuery>['execute']>>[number];

async function staffOf(db: Executor, orderIds: string[]): Promise<Map<string, ConsoleOrderRow['staff']>> {
  const map = new Map<string, ConsoleOrderRow['staff']>();
  if (orderIds.length === 0) return map;
  const rows = await db
    .selectFrom('order_staff')
    .select(['order_id', 'user_id', 'name'])
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('position')
    .execute();
  for (const r of rows) map.set(r.order_id, [...(map.get(r.order_id) ?? []), { userId: r.user_id, name: r.name }]);
  return map;
}

function toRow(r: OrderRowDb, staff: ConsoleOrderRow['staff']): ConsoleOrderRow {
  return {
    orderId: r.order_id,
    title: r.title,
    customer: { name: r.customer_name, mobile: r.customer_mobile, externalUserId: r.customer_external_user_id },
    staff,
    group: groupSummary(r),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
  };
}

/** Orders newest registered first (created_at, order_id), filtered, one page at a time. */
export async function searchOrders(db: Executor, q: ConsoleOrdersQuery): Promise<ConsoleOrderPage> {
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  const filtered = (trx: Executor) => {
    const query = ordersQuery(trx, q);
    return cursor ? query.where(sql<SqlBool>`(o.created_at, o.order_id) < (${cursor.at}, ${cursor.id})`) : query;
  };
  const newest = <Q extends ReturnType<typeof filtered>>(query: Q) =>
    query
      .orderBy('o.created_at', 'desc')
      .orderBy('o.order_id', 'desc')
      .limit(q.limit + 1);
  const rows = await withoutJit(db, async (trx) => {
    if (!q.q) return newest(filtered(trx)).execute();
    const like = likePattern(q.q);
    const byText = newest(filtered(trx).where(orderTextMatches(like)));
    const byStaff = filtered(trx).where('o.order_id', 'in', staffMatches(trx, like));
    return (await mergedPage<OrderRowDb>(byText, byStaff, q.limit + 1).execute(trx)).rows;
  });
  const page = rows.slice(0, q.limit);
  const staff = await staffOf(
    db,
    page.map((r) => r.order_id),
  );
  const last = page.at(-1);
  return {
    orders: page.map((r) => toRow(r, staff.get(r.order_id) ?? [])),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.created_at, last.order_id) : null,
  };
}

const CSV_HEADER = [
  '订单号',
  '标题',
  '客户',
  '客户手机',
  '客户 external_userid',
  '员工',
  '群状态',
  '群 chatId',
  '平台',
  '路线',
  '登记时间',
  '关闭时间',
];
const STATUS_TEXT: Record<string, string> = {
  creating: '建群中',
  created: '已建群',
  confirmed: '已确认',
  dismissed: '已解散',
};

/** One CSV cell; a leading = + - @ is defused so spreadsheets do not run it as a formula. */
export function csvCell(value: string | null): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every matching order as CSV lines (UTF-8 with BOM, for Excel), a page at a time. */
export async function* ordersCsv(
  db: Executor,
  q: Omit<ConsoleOrdersQuery, 'limit' | 'cursor'>,
  maxRows = 100_000,
): AsyncGenerator<string> {
  yield `\ufeff${CSV_HEADER.map(csvCell).join(',')}\r\n`;
  let cursor: string | undefined;
  let sent = 0;
  while (sent < maxRows) {
    const page = await searchOrders(db, { ...q, limit: 200, ...(cursor ? { cursor } : {}) });
    const lines = page.orders.map((o) =>
      [
        o.orderId,
        o.title,
        o.customer.name,
        o.customer.mobile,
        o.customer.externalUserId,
        o.staff.map((s) => (s.name ? `${s.name}(${s.userId})` : s.userId)).join(' '),
        o.group ? (STATUS_TEXT[o.group.status] ?? o.group.status) : '未建群',
        o.group?.chatId ?? null,
        o.group?.platform ?? null,
        o.group?.route ?? null,
        o.createdAt,
        o.closedAt,
      ]
        .map(csvCell)
        .join(','),
    );
    if (lines.length > 0) yield `${lines.join('\r\n')}\r\n`;
    sent += lines.length;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

const VIA_BY_SCENE: Record<number, MemberVia> = { 1: 'invited', 2: 'link', 3: 'qr' };

/** Everything the console shows of one order; null when there is no such order. */
export async function orderDetail(db: Executor, orderId: string): Promise<ConsoleOrderDetail | null> {
  const row = await ordersQuery(db, {}).where('o.order_id', '=', orderId).executeTakeFirst();
  if (!row) return null;
  const staff = (await staffOf(db, [orderId])).get(orderId) ?? [];
  const binding = await db.selectFrom('bindings').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  const joinQr = await optional(() =>
    db.selectFrom('join_qrs').selectAll().where('order_id', '=', orderId).executeTakeFirst(),
  );
  const memberRows = binding?.chat_id
    ? await db
        .selectFrom('group_members')
        .selectAll()
        .where('chat_id', '=', binding.chat_id)
        .where('platform', '=', binding.platform)
        .orderBy('type', 'desc')
        .orderBy('joined_at')
        .orderBy('member_id')
        .execute()
    : [];
  const members: ConsoleMember[] = memberRows.map((m) => ({
    id: m.member_id,
    type: m.type,
    name: m.name,
    joinedAt: m.joined_at?.toISOString() ?? null,
    leftAt: m.left_at?.toISOString() ?? null,
    joinScene: m.join_scene ?? null,
    joinState: m.join_state ?? null,
    via:
      joinQr && m.join_state && m.join_state === joinQr.state
        ? 'join_qr'
        : m.join_scene
          ? (VIA_BY_SCENE[m.join_scene] ?? null)
          : null,
  }));
  const dismissed = await db
    .selectFrom('dismissed_groups')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('dismissed_at')
    .execute();
  const events = await withConsoleTables(db)
    .selectFrom('order_events')
    .select(['kind', 'at'])
    .where('order_id', '=', orderId)
    .orderBy('at', 'desc')
    .limit(20)
    .execute();
  return {
    order: { ...toRow(row, staff), groupName: row.group_name },
    group:
      binding && row.status
        ? {
            ...(groupSummary(row) as ConsoleGroupSummary),
            createdBy: binding.created_by,
            owner: binding.owner_user_id ?? binding.created_by,
            createdAt: binding.created_at.toISOString(),
            confirmedAt: binding.confirmed_at?.toISOString() ?? null,
            dismissedAt: binding.dismissed_at?.toISOString() ?? null,
          }
        : null,
    members,
    dismissedGroups: dismissed.map((d) => ({
      chatId: d.chat_id,
      createdBy: d.created_by,
      createdAt: d.created_at.toISOString(),
      confirmedAt: d.confirmed_at?.toISOString() ?? null,
      dismissedAt: d.dismissed_at.toISOString(),
    })),
    joinQr: joinQr
      ? {
          state: joinQr.state,
          chatId: joinQr.chat_id,
          configId: joinQr.config_id,
          ready: joinQr.ready_at !== null && joinQr.config_id !== null,
          readyAt: joinQr.ready_at?.toISOString() ?? null,
          qrFullAt: joinQr.qr_full_at?.toISOString() ?? null,
          createdAt: joinQr.created_at.toISOString(),
        }
      : null,
    deliveries: await deliveriesOf(db, orderId),
    events: events.map((e) => ({ kind: e.kind, at: e.at.toISOString() })),
  };
}

/** The webhook events naming the order (`data.orderId`), newest first. */
export async function deliveriesOf(db: Executor, orderId: string): Promise<ConsoleDelivery[]> {
  const rows = await db
    .selectFrom('webhook_outbox')
    .selectAll()
    // The LIKE narrows cheaply; the JSON test is exact.
    .where('payload', 'like', `%${orderId}%`)
    .where(sql<SqlBool>`(payload::jsonb -> 'data' ->> 'orderId') = ${orderId}`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.event_type,
    createdAt: r.created_at.toISOString(),
    state: r.done_at ? 'delivered' : r.failed_at ? 'failed' : 'pending',
    attempts: r.attempts,
    lastError: r.last_error,
  }));
}

/** A read of the join-QR route's tables: absent on a server without them, it reads as nothing. */
export async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (/does not exist/.test(String((err as Error).message))) return undefined;
    throw err;
  }
}
