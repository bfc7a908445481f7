import type { UpsertOrderRequest } from '@kequn/contracts';
import type { Db, Executor } from '../db/schema';

export interface OrderRecord {
  orderId: string;
  title: string;
  customer: { externalUserId: string | null; mobile: string | null; name: string | null };
  staffUserIds: string[];
  groupName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Creates or replaces an order and its staff list in one transaction; says whether it was new. */
export async function upsertOrder(db: Db, orderId: string, input: UpsertOrderRequest, now: Date): Promise<boolean> {
  const fields = {
    title: input.title,
    customer_external_user_id: input.customer.externalUserId ?? null,
    customer_mobile: input.customer.mobile ?? null,
    customer_name: input.customer.name ?? null,
    group_name: input.groupName ?? null,
    updated_at: now,
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
    const staff = [...new Set(input.staffUserIds)];
    await trx
      .insertInto('order_staff')
      .values(staff.map((user_id, position) => ({ order_id: orderId, user_id, position })))
      .execute();
    return inserted !== undefined;
  });
}

export async function findOrder(db: Executor, orderId: string): Promise<OrderRecord | null> {
  const row = await db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  if (!row) return null;
  const staff = await db
    .selectFrom('order_staff')
    .select('user_id')
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
    staffUserIds: staff.map((s) => s.user_id),
    groupName: row.group_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
