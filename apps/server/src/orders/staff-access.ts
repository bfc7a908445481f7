import type { Db } from '../db/schema';
import { orderNotFound, parseOrderId } from '../http/validate';
import { findOrder, type OrderRecord } from './order-store';

/**
 * The order, if the signed-in staff member is on it (or an admin). An order of others answers
 * like one that does not exist: staff cannot probe for order ids.
 */
export async function orderForStaff(
  db: Db,
  rawId: unknown,
  userId: string,
  adminUserIds: readonly string[],
): Promise<OrderRecord> {
  const orderId = parseOrderId(rawId);
  const order = await findOrder(db, orderId);
  if (!order || (!order.staffUserIds.includes(userId) && !adminUserIds.includes(userId))) {
    throw orderNotFound(orderId);
  }
  return order;
}
