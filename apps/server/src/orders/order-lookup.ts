import type { OrderSummary } from '@kequn/contracts';
import type { Executor } from '../db/schema';

const MAX_RESULTS = 20;

/**
 * Orders a page opened from a WeCom toolbar or profile can offer: the order bound to a customer
 * group, or the orders of one customer (named by the order, or a member of its bound group),
 * among those the staff member may open (on the order, or an admin). Newest first.
 */
export async function lookupOrders(
  db: Executor,
  by: { chatId: string } | { externalUserId: string } | { mine: true; before?: Date },
  viewer: { userId: string; isAdmin: boolean },
): Promise<OrderSummary[]> {
  let query = db
    .selectFrom('orders as o')
    .leftJoin('bindings as b', 'b.order_id', 'o.order_id')
    .select(['o.order_id', 'o.title', 'o.updated_at', 'b.chat_id', 'b.status', 'b.verified_at'])
    .orderBy('o.updated_at', 'desc')
    .limit(MAX_RESULTS);
  if ('mine' in by) {
    // The staff member's own recent orders (the workbench entry), admins included: theirs only.
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('order_staff as s')
          .select('s.user_id')
          .whereRef('s.order_id', '=', 'o.order_id')
          .where('s.user_id', '=', viewer.userId),
      ),
    );
    if (by.before) query = query.where('o.updated_at', '<', by.before);
  } else if ('chatId' in by) {
    query = query.where('b.chat_id', '=', by.chatId);
  } else {
    const id = by.externalUserId;
    query = query.where((eb) =>
      eb.or([
        eb('o.customer_external_user_id', '=', id),
        eb.exists(
          eb
            .selectFrom('group_members as m')
            .select('m.member_id')
            .whereRef('m.chat_id', '=', 'b.chat_id')
            .where('m.member_id', '=', id)
            .where('m.left_at', 'is', null),
        ),
      ]),
    );
  }
  if (!viewer.isAdmin) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('order_staff as s')
          .select('s.user_id')
          .whereRef('s.order_id', '=', 'o.order_id')
          .where('s.user_id', '=', viewer.userId),
      ),
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    orderId: r.order_id,
    title: r.title,
    group:
      r.chat_id && r.verified_at && r.status && r.status !== 'creating'
        ? { chatId: r.chat_id, status: r.status }
        : null,
    updatedAt: r.updated_at.toISOString(),
  }));
}
