import type { Executor } from '../db/schema';
import { withConsoleTables } from './tables';

export type OrderEventKind = 'page_opened';

/**
 * Notes what happened to an order's page, for the console's figures. Never fails the caller's
 * request: a figure missing is better than a staff member's page not opening.
 */
export async function recordOrderEvent(db: Executor, orderId: string, kind: OrderEventKind, at: Date): Promise<void> {
  try {
    await withConsoleTables(db).insertInto('order_events').values({ order_id: orderId, kind, at }).execute();
  } catch {
    // The figures lose one event; the page is served regardless.
  }
}
