import { sql } from 'kysely';
import type { ConsoleFigures, FiguresQuery, FunnelRow } from '@kequn/contracts';
import type { Executor } from '../db/schema';
import { badRequest } from '../http/api-error';
import { refreshOrderFacts } from './facts';
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

/** One row of the figures' grouping sets: the total, one staff member or one day. */
export interface FiguresRow {
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

function funnel(r: FiguresRow | undefined): FunnelRow {
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
 * total, per the order's first staff member and per day. Read from order_facts (one row per
 * order, see facts.ts) with grouping sets: no joins at read time.
 */
export async function orderFigures(db: Executor, q: FiguresQuery, now: number): Promise<ConsoleFigures> {
  const period = figuresPeriod(q, now);
  const { start, end } = periodTimes(period);
  await refreshOrderFacts(db);
  const { rows } = await withoutJit(db, async (db) => {
    // 100,000 orders sort in memory rather than in temporary files (4 MB by default).
    await sql`set local work_mem = '64MB'`.execute(db);
    return sql<FiguresRow>`
    select grouping(staff)::int as g_staff, grouping(day)::int as g_day, staff, to_char(day, 'YYYY-MM-DD') as day,
      count(*)::int as registered,
      (count(*) filter (where opened))::int as page_opened,
      count(to_group_ms)::int as group_created,
      count(to_customer_ms)::int as customer_joined,
      percentile_cont(0.5) within group (order by to_group_ms) as g_med,
      percentile_cont(0.9) within group (order by to_group_ms) as g_p90,
      percentile_cont(0.5) within group (order by to_customer_ms) as c_med,
      percentile_cont(0.9) within group (order by to_customer_ms) as c_p90
    from order_facts
    where created_at >= ${start} and created_at < ${end}
    group by grouping sets ((), (staff), (day))
  `.execute(db);
  });
  return figuresFromRows(rows, period);
}

/** The period's first instant and the instant after it. */
export const periodTimes = ({ from, to }: { from: string; to: string }) => ({
  start: new Date(dayStart(from)),
  end: new Date(dayStart(to) + DAY_MS),
});

/** The figures from the rows of the grouping sets (total, per staff, per day). */
export function figuresFromRows(rows: FiguresRow[], { from, to }: { from: string; to: string }): ConsoleFigures {
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
