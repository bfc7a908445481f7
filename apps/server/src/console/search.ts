import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../db/schema';

/** `%` and `_` typed by a manager are looked for as such. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The order's own text as one string, written exactly as the GIN index of migration
 * 0015_console_speed: the planner uses that index (where pg_trgm exists) only for the same expression.
 */
const orderText = sql`(o.order_id || ' ' || o.title || ' ' || coalesce(o.customer_name, '') || ' ' ||
  coalesce(o.customer_mobile, '') || ' ' || coalesce(o.customer_external_user_id, ''))`;

export const orderTextMatches = (like: string) => sql<SqlBool>`${orderText} ilike ${like}`;

/** Orders with a staff member whose userid or name matches. */
export const staffMatches = (db: Executor, like: string) =>
  db
    .selectFrom('order_staff as s')
    .select('s.order_id')
    .where((w) => w.or([w('s.user_id', 'ilike', like), w('s.name', 'ilike', like)]));

/**
 * The first `limit` rows (newest first) of two searches merged: `byText`, already ordered and
 * limited, and every row of `byStaff`. Searched apart, each runs the way its own numbers favour;
 * one OR over both makes PostgreSQL test every order.
 * - The order's text is one predicate on `orders`: from its statistics the planner picks the
 *   trigram index (few matches) or the newest-first scan that stops at `limit` (many).
 * - Staff: all matches first (OFFSET 0 keeps the LIMIT out of that plan), then the page. A
 *   newest-first scan would look up each order's staff and, when a filter such as the route
 *   rarely agrees with the staff member, walk through every order.
 */
export function mergedPage<R>(byText: Expression<R>, byStaff: Expression<R>, limit: number): RawBuilder<R> {
  return sql<R>`select * from (
      select * from ${byText} t
      union
      (select * from (select * from ${byStaff} h offset 0) s order by created_at desc, order_id desc limit ${limit})
    ) u order by created_at desc, order_id desc limit ${limit}`;
}
