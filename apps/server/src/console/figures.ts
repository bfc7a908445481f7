import { sql } from 'kysely';
import type { ConsoleFigures, FiguresQuery, FunnelRow } from '@kequn/contracts';
import type { Executor } from '../db/schema';
import { badRequest } from '../http/api-error';
import { withoutJit } from './no-jit';

const DAY_MS = 86_400_000;
/** Days are China days (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const MAX_DAYS = 366;

const chinaDay = (t: number) => new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 10);
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS;

/** The period asked for: both days included; default the 30 days up to today. */
export function figuresPeriod(q: FiguresQuery, now: number): { from: string; to: string } {
  const to = q.to ?? chinaDay(now);
  const from = q.from ?? chinaDay(dayStart(to) - 29 * DAY_MS);
  const days = (dayStart(to) - dayStart(from)) / DAY_MS + 1;
  if (!Number.isFinite(days) || chinaDay(dayStart(from)) !== from || chinaDay(dayStart(to)) !== to) {
    throw badRequest('invalid_query', 'from and to must be days (YYYY-MM-DD).');
  }
  if (days < 1 || days > MAX_DAYS) throw badRequest('invalid_query', `from … to must be 1 to ${MAX_DAYS} days.`);
  return { from, to };
}

interface Row {
  g_staff: number;
  g_day: number;
  staff: string | null;
  day: string | null;
  registered: number;
  page_opened: number;
  group_created: number;
  customer_joined: number;
  g_med: number | null;
  g_p90: number | null;
  c_med: number | null;
  c_p90: number | null;
}

const ms = (v: number | string | null) => (v === null ? null : Math.round(Number(v)));

function funnel(r: Row | undefined): FunnelRow {
  return {
    registered: Number(r?.registered ?? 0),
    pageOpened: Number(r?.page_opened ?? 0),
    groupCreated: Number(r?.group_created ?? 0),
    customerJoined: Number(r?.customer_joined ?? 0),
    toGroup: { count: Number(r?.group_created ?? 0), medianMs: ms(r?.g_med ?? null), p90Ms: ms(r?.g_p90 ?? null) },
    toCustomer: {
      count: Number(r?.customer_joined ?? 0),
      medianMs: ms(r?.c_med ?? null),
      p90Ms: ms(r?.c_p90 ?? null),
    },
  };
}

/**
 * From our own data, for the orders registered in the period: registered → page opened
 * (order_events) → group created (the binding's created_at) → a customer joined (the first
 * customer's joined_at); time from registration to group and to customer (median, p90), in
 * total, per the order's first staff member and per day. One query: hash joins over the period's
 * orders, then grouping sets.
 */
export async function orderFigures(db: Executor, q: FiguresQuery, now: number): Promise<ConsoleFigures> {
  const { from, to } = figuresPeriod(q, now);
  const start = new Date(dayStart(from));
  const end = new Date(dayStart(to) + DAY_MS);
  const { rows } = await withoutJit(db, (db) =>
    sql<Row>`
    with o as (
      select order_id, created_at from orders where created_at >= ${start} and created_at < ${end}
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
    ), base as (
      select o.created_at,
        to_char((o.created_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD') as day,
        coalesce(fs.user_id, '') as staff,
        op.order_id is not null as opened,
        g.created_at as group_at,
        c.joined_at as customer_at
      from o
      left join first_staff fs on fs.order_id = o.order_id
      left join opened op on op.order_id = o.order_id
      left join grp g on g.order_id = o.order_id
      left join cust c on c.order_id = o.order_id
    ), timed as (
      -- greatest() skips nulls, so it only ever clamps a time that exists (clock skew) to 0.
      select *,
        case when group_at is not null then greatest(0, extract(epoch from (group_at - created_at)) * 1000) end as to_group,
        case when customer_at is not null then greatest(0, extract(epoch from (customer_at - created_at)) * 1000) end as to_customer
      from base
    )
    select grouping(staff)::int as g_staff, grouping(day)::int as g_day, staff, day,
      count(*)::int as registered,
      (count(*) filter (where opened))::int as page_opened,
      count(group_at)::int as group_created,
      count(customer_at)::int as customer_joined,
      percentile_cont(0.5) within group (order by to_group) as g_med,
      percentile_cont(0.9) within group (order by to_group) as g_p90,
      percentile_cont(0.5) within group (order by to_customer) as c_med,
      percentile_cont(0.9) within group (order by to_customer) as c_p90
    from timed
    group by grouping sets ((), (staff), (day))
  `.execute(db),
  );
  const total = rows.find((r) => Number(r.g_staff) === 1 && Number(r.g_day) === 1);
  const perStaff = rows
    .filter((r) => Number(r.g_staff) === 0)
    .map((r) => ({ userId: r.staff ?? '', ...funnel(r) }))
    .sort((a, b) => b.registered - a.registered || a.userId.localeCompare(b.userId));
  const byDay = new Map(rows.filter((r) => Number(r.g_day) === 0).map((r) => [r.day as string, r]));
  const perDay: ConsoleFigures['perDay'] = [];
  for (let t = dayStart(from); t <= dayStart(to); t += DAY_MS) {
    const day = chinaDay(t);
    perDay.push({ day, ...funnel(byDay.get(day)) });
  }
  return { from, to, total: funnel(total), perStaff, perDay };
}
