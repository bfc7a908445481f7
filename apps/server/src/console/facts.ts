import { sql } from 'kysely';
import type { Executor } from '../db/schema';

/**
 * Brings order_facts up to date for the orders noted stale (order_facts_stale, filled by the
 * triggers of migration 0015_console_speed on every write to orders, order_staff, order_events,
 * bindings and group_members). One statement, so the marks it takes and the tables it reads are
 * one snapshot; a mark committed later stays for the next refresh.
 */
export async function refreshOrderFacts(db: Executor): Promise<void> {
  const run = async (trx: Executor) => {
    // Refreshes one at a time: two at once could each write what its own snapshot saw, the older last.
    await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.order_facts'))`.execute(trx);
    // As for every console read (no-jit.ts): a large backlog would otherwise compile for seconds.
    await sql`set local jit = off`.execute(trx);
    await sql`set local work_mem = '64MB'`.execute(trx);
    await sql`
    with marks as (
      delete from order_facts_stale returning order_id, chat_id, platform
    ), ids as (
      select order_id from marks where order_id is not null
      union
      select b.order_id from marks m join bindings b on b.chat_id = m.chat_id and b.platform = m.platform
    ), o as (
      select o.order_id, o.created_at from orders o join ids on ids.order_id = o.order_id
    ), first_staff as (
      select distinct on (s.order_id) s.order_id, s.user_id
      from order_staff s join o on o.order_id = s.order_id
      order by s.order_id, s.position
    ), opened as (
      select distinct e.order_id from order_events e join o on o.order_id = e.order_id where e.kind = 'page_opened'
    ), grp as (
      select b.order_id, b.created_at, b.chat_id, b.platform
      from bindings b join o on o.order_id = b.order_id where b.chat_id is not null
    ), cust as (
      select g.order_id, min(m.joined_at) as joined_at
      from grp g join group_members m on m.chat_id = g.chat_id and m.platform = g.platform and m.type = 'customer'
      group by g.order_id
    )
    insert into order_facts (order_id, created_at, day, staff, opened, to_group_ms, to_customer_ms)
    select o.order_id, o.created_at,
      ((o.created_at at time zone 'UTC') + interval '8 hours')::date,
      coalesce(fs.user_id, ''),
      op.order_id is not null,
      -- greatest() skips nulls, so it only ever clamps a time that exists (clock skew) to 0.
      case when g.created_at is not null then greatest(0, extract(epoch from (g.created_at - o.created_at)) * 1000) end,
      case when c.joined_at is not null then greatest(0, extract(epoch from (c.joined_at - o.created_at)) * 1000) end
    from o
    left join first_staff fs on fs.order_id = o.order_id
    left join opened op on op.order_id = o.order_id
    left join grp g on g.order_id = o.order_id
    left join cust c on c.order_id = o.order_id
    on conflict (order_id) do update set created_at = excluded.created_at, day = excluded.day,
      staff = excluded.staff, opened = excluded.opened, to_group_ms = excluded.to_group_ms,
      to_customer_ms = excluded.to_customer_ms
  `.execute(trx);
  };
  await (db.isTransaction ? run(db) : db.transaction().execute(run));
}
