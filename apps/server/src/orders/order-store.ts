import { staffOfRequest, type UpsertOrderRequest } from '@kequn/contracts';
import type { Db, Executor } from '../db/schema';
import type { PlatformId } from '../groups/ports';

export interface OrderRecord {
  orderId: string;
  title: string;
  customer: { externalUserId: string | null; mobile: string | null; name: string | null };
  platform: PlatformId;
  /** Feishu: the customer's open_id the business system gave. */
  customerOpenId: string | null;
  staffUserIds: string[];
  /** The same staff, in order, with the names the business system gave. */
  staff: Array<{ userId: string; name: string | null }>;
  groupName: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

/** Creates or replaces an order and its staff list in one transaction; says whether it was new. */
export async function upsertOrder(db: Db, orderId: string, input: UpsertOrderRequest, now: Date): Promise<boolean> {
  const fields = {
    title: input.title,
    customer_external_user_id: input.customer?.externalUserId ?? null,
    customer_mobile: input.customer?.mobile ?? null,
    customer_name: input.customer?.name ?? null,
    customer_open_id: input.customer?.openId ?? null,
    platform: input.platform ?? 'wecom',
    group_name: input.groupName ?? null,
    updated_at: now,
    // Registering a closed order again reopens it: the business system says it is current.
    closed_at: null,
  };
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('orders')
      .values({ order_id: orderId, ...fields, created_at: now })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .returning('order_id')
      .executeTakeFirst();
    if (!inserted) await trx.updateTable('orders').set(fields).where('order_id', '=', orderId).execute();
    await trx.deleteFrom('order_staff').where('order_id', '=', orderId).execute();
    await trx
      .insertInto('order_staff')
      .values(
        staffOfRequest(input).map((s, position) => ({ order_id: orderId, user_id: s.userId, name: s.name, position })),
      )
      .execute();
    return inserted !== undefined;
  });
}

export async function findOrder(db: Executor, orderId: string): Promise<OrderRecord | null> {
  const row = await db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  if (!row) return null;
  const staff = await db
    .selectFrom('order_staff')
    .select(['user_id', 'name'])
    .where('order_id', '=', orderId)
    .orderBy('position')
    .execute();
  return {
    orderId: row.order_id,
    title: row.title,
    customer: {
      externalUserId: row.customer_external_user_id,
      mobile: row.customer_mobile,
      name: row.customer_name,
    },
    platform: row.platform,
    customerOpenId: row.customer_open_id,
    staffUserIds: staff.map((s) => s.user_id),
    staff: staff.map((s) => ({ userId: s.user_id, name: s.name })),
    groupName: row.group_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

/** Closes an order (idempotent: the first close time stays); false when there is no such order. */
export async function closeOrder(db: Executor, orderId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('orders')
    .set((eb) => ({ closed_at: eb.fn.coalesce('closed_at', eb.val(now)), updated_at: now }))
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
