import { sql } from 'kysely';
import type { Executor } from '../db/schema';

const DAY = 86_400_000;

/**
 * `count` synthetic orders over the 100 days before `end`, for the console's benchmark
 * (bench/console): 10 staff; 70% opened, 60% with a group (a tenth by join QR), two thirds of
 * those with a customer in. Plain SQL, so 100,000 orders take seconds.
 */
export async function seedOrders(db: Executor, count: number, end: number): Promise<void> {
  // 100 days of orders, 10 staff; 70% opened, 60% with a group (10% of those via join QR), 40% with a customer in.
  await sql`
    insert into orders (order_id, title, customer_external_user_id, customer_mobile, customer_name, created_at, updated_at)
    select 'B-' || i, '订单 ' || i || case when i % 7 = 0 then ' 空调安装' else ' 维修' end,
      'wm' || (i % 5000), '138' || lpad((i % 100000000)::text, 8, '0'), '客户' || (i % 5000),
      ${new Date(end)}::timestamptz - (i * (${(100 * DAY) / count}::float8) || ' milliseconds')::interval,
      ${new Date(end)}::timestamptz - (i * (${(100 * DAY) / count}::float8) || ' milliseconds')::interval
    from generate_series(1, ${count}) as i`.execute(db);
  await sql`insert into order_staff (order_id, user_id, position, name)
    select order_id, 'staff' || (abs(hashtext(order_id)) % 10), 0, '员工' || (abs(hashtext(order_id)) % 10) from orders`.execute(
    db,
  );
  await sql`insert into order_events (order_id, kind, at)
    select order_id, 'page_opened', created_at + interval '3 minutes' from orders where abs(hashtext(order_id)) % 10 < 7`.execute(
    db,
  );
  await sql`insert into bindings (order_id, chat_id, status, created_by, created_at, updated_at, awaiting_callback, customer_ids, confirmed_at, verified_at, route)
    select order_id, 'wr' || order_id, 'confirmed', 'staff1',
      created_at + ((abs(hashtext(order_id || 'g')) % 7200) || ' seconds')::interval, created_at, false, '[]', created_at, created_at,
      case when abs(hashtext(order_id)) % 10 = 0 then 'join_qr' else 'jssdk' end
    from orders where abs(hashtext(order_id)) % 10 < 6`.execute(db);
  await sql`insert into group_members (chat_id, member_id, type, joined_at)
    select chat_id, 'staff1', 'staff', created_at from bindings`.execute(db);
  await sql`insert into group_members (chat_id, member_id, type, joined_at)
    select chat_id, 'wmc' || order_id, 'customer', created_at + ((abs(hashtext(order_id || 'c')) % 36000) || ' seconds')::interval
    from bindings where abs(hashtext(order_id || 'x')) % 3 < 2`.execute(db);
  // These tables only (a bare VACUUM would take every schema of the database). VACUUM as
  // autovacuum would: it also moves new GIN entries (the search's trigram indexes) out of their pending list.
  await sql`vacuum analyze orders, order_staff, order_events, bindings, group_members`.execute(db);
}
