import type { OrderList, OrderListItem, OrderListQuery } from '@kequn/contracts';
import { sql } from 'kysely';
import type { Executor } from '../db/schema';
import { badRequest } from '../http/api-error';

interface Cursor {
  updatedAt: Date;
  orderId: string;
}

const encode = (c: Cursor) => Buffer.from(`${c.updatedAt.toISOString()}|${c.orderId}`).toString('base64url');

function decode(raw: string): Cursor {
  const [at, orderId] = Buffer.from(raw, 'base64url').toString('utf8').split('|', 2);
  const updatedAt = new Date(at ?? '');
  if (!orderId || Number.isNaN(updatedAt.getTime())) {
    throw badRequest('invalid_cursor', 'cursor must be a nextCursor this API returned.');
  }
  return { updatedAt, orderId };
}

/**
 * Orders for the business system, newest updated first (updated_at, order_id: a stable order for
 * the cursor even when many orders share a timestamp). A group counts as shown to staff: an
 * unverified binding is `creating` without its chat id.
 */
export async function listOrders(db: Executor, q: OrderListQuery): Promise<OrderList> {
  let query = db
    .selectFrom('orders as o')
    .leftJoin('bindings as b', 'b.order_id', 'o.order_id')
    .select([
      'o.order_id',
      'o.title',
      'o.created_at',
      'o.updated_at',
      'o.closed_at',
      'b.chat_id',
      'b.status',
      'b.verified_at',
    ])
    .orderBy('o.updated_at', 'desc')
    .orderBy('o.order_id', 'desc')
    .limit(q.limit + 1);
  if (q.status === 'closed') query = query.where('o.closed_at', 'is not', null);
  else if (q.status === 'none') query = query.where('b.order_id', 'is', null);
  else if (q.status) query = query.where('b.status', '=', q.status);
  if (q.updatedSince) query = query.where('o.updated_at', '>=', new Date(q.updatedSince));
  if (q.staff) {
    const staff = q.staff;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('order_staff as s')
          .select('s.user_id')
          .whereRef('s.order_id', '=', 'o.order_id')
          .where('s.user_id', '=', staff),
      ),
    );
  }
  if (q.cursor) {
    const c = decode(q.cursor);
    query = query.where(sql<boolean>`(o.updated_at, o.order_id) < (${c.updatedAt}, ${c.orderId})`);
  }
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  const staff = await staffOf(
    db,
    page.map((r) => r.order_id),
  );
  const orders: OrderListItem[] = page.map((r) => ({
    orderId: r.order_id,
    title: r.title,
    staffUserIds: staff.get(r.order_id) ?? [],
    group: r.status
      ? { chatId: r.verified_at ? r.chat_id : null, status: r.verified_at || !r.chat_id ? r.status : 'creating' }
      : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
  }));
  const last = page.at(-1);
  return {
    orders,
    nextCursor: rows.length > q.limit && last ? encode({ updatedAt: last.updated_at, orderId: last.order_id }) : null,
  };
}

async function staffOf(db: Executor, orderIds: string[]): Promise<Map<string, string[]>> {
  const byOrder = new Map<string, string[]>();
  if (orderIds.length === 0) return byOrder;
  const rows = await db
    .selectFrom('order_staff')
    .select(['order_id', 'user_id'])
    .where('order_id', 'in', orderIds)
    .orderBy('position')
    .execute();
  for (const r of rows) byOrder.set(r.order_id, [...(byOrder.get(r.order_id) ?? []), r.user_id]);
  return byOrder;
}
