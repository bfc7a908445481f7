// The figures from order_facts (kept by triggers, brought up to date on read) are the figures the
// console computed before from the five tables themselves: that query stays here as the reference.
// Same data, same answer, on PGlite and PostgreSQL, also after every kind of write that moves them.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../db/schema';
import { ENGINES, openTestDatabase, type TestDatabase } from '../testing/databases';
import { figuresFromRows, orderFigures, periodTimes, type FiguresRow } from './figures';
import { seedOrders } from './seed-orders';

const END = Date.UTC(2025, 5, 1);
const NOW = END - 1;
const ALL_DAYS = { from: '2025-02-21', to: '2025-05-31' };
const PERIODS = [
  ALL_DAYS,
  { from: '2025-05-02', to: '2025-05-31' },
  { from: '2025-03-02', to: '2025-03-02' },
  { from: '2024-01-01', to: '2024-01-03' },
];

/** The console's figures query before 0015_console_speed, over orders, staff, events, bindings, members. */
async function reference(db: Executor, period: { from: string; to: string }) {
  const { start, end } = periodTimes(period);
  const { rows } = await sql<FiguresRow>`
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
  `.execute(db);
  return figuresFromRows(rows, period);
}

async function expectSameFigures(db: Executor): Promise<void> {
  for (const period of PERIODS) {
    const want = await reference(db, period);
    expect(await orderFigures(db, period, NOW), `${period.from} … ${period.to}`).toEqual(want);
  }
}

const run = (db: Executor, statements: string[]) =>
  statements.reduce<Promise<unknown>>((done, s) => done.then(() => sql.raw(s).execute(db)), Promise.resolve());

/** Orders the seed does not make: several staff, none, no chat yet, other platform, clamped times. */
const EDGES = [
  `insert into orders (order_id, title, created_at, updated_at) values
    ('E-1', 'e1', '2025-03-01T16:00:00Z', now()), ('E-2', 'e2', '2025-03-01T15:59:59.999Z', now()),
    ('E-3', 'e3', '2025-03-02T08:00:00Z', now()), ('E-4', 'e4', '2025-03-02T09:00:00.123456Z', now()),
    ('E-5', 'e5', '2025-03-02T10:00:00Z', now())`,
  `insert into order_staff (order_id, user_id, position, name) values
    ('E-1', 'zz', 1, null), ('E-1', 'aa', 0, '甲'), ('E-3', 'staff1', 0, null), ('E-4', 'staff2', 2, null)`,
  `insert into order_events (order_id, kind, at) values ('E-1', 'page_opened', now()), ('E-1', 'page_opened', now()),
    ('E-3', 'other', now())`,
  `insert into bindings (order_id, chat_id, status, created_by, created_at, updated_at, platform) values
    ('E-3', null, 'creating', 'staff1', '2025-03-02T08:10:00Z', now(), 'wecom'),
    ('E-4', 'chat-e4', 'confirmed', 'staff2', '2025-03-02T09:30:00Z', now(), 'feishu'),
    ('E-5', 'chat-e5', 'confirmed', 'staff2', '2025-03-02T09:00:00Z', now(), 'wecom')`,
  // A customer of the same chat id on the other platform does not count; one joined before the order is clamped to 0.
  `insert into group_members (chat_id, member_id, type, joined_at, platform) values
    ('chat-e4', 'c1', 'customer', '2025-03-02T11:00:00Z', 'feishu'), ('chat-e4', 'c2', 'customer', '2025-03-02T09:40:00Z', 'wecom'),
    ('chat-e4', 'c3', 'customer', null, 'feishu'), ('chat-e5', 'c1', 'customer', '2025-03-01T00:00:00Z', 'wecom')`,
];

/** Every kind of write the figures depend on, each batch compared on its own. */
const WRITES = [
  [`insert into order_staff (order_id, user_id, position) values ('E-1', 'a0', -1)`],
  [`delete from order_staff where order_id in (select order_id from orders where order_id like 'B-1_')`],
  [`insert into order_events (order_id, kind, at) values ('E-2', 'page_opened', now())`],
  [`delete from order_events where order_id in ('E-1', 'B-5', 'B-6', 'B-7')`],
  [`update orders set created_at = '2025-05-20T01:00:00Z' where order_id in ('E-3', 'B-9')`],
  [`update bindings set created_at = created_at + interval '1 hour' where order_id like 'B-2%'`],
  [
    `update group_members set joined_at = joined_at - interval '3 hours' where type = 'customer' and chat_id like 'wrB-3%'`,
  ],
  [`update group_members set type = 'staff' where chat_id = 'chat-e5'`],
  [`delete from group_members where type = 'customer' and chat_id like 'wrB-4%'`],
  // The group's chat changes: its customers stay with the old chat.
  [
    `update bindings set chat_id = 'chat-moved' where order_id = (select min(b.order_id) from bindings b
      join group_members m on m.chat_id = b.chat_id and m.platform = b.platform and m.type = 'customer')`,
  ],
  // A member seen before its group's binding (a callback ahead of the page): counted once the binding comes.
  [
    `insert into group_members (chat_id, member_id, type, joined_at) values ('chat-e2', 'c9', 'customer', '2025-03-02T00:00:00Z')`,
    `select 1`,
    `insert into bindings (order_id, chat_id, status, created_by, created_at, updated_at) values
      ('E-2', 'chat-e2', 'confirmed', 'x', '2025-03-01T23:00:00Z', now())`,
  ],
  [`delete from bindings where order_id in ('E-5', 'B-15', 'B-16')`],
  [
    `insert into orders (order_id, title, created_at, updated_at) values ('E-6', 'e6', '2025-05-31T15:00:00Z', now())`,
    `insert into order_staff (order_id, user_id, position) values ('E-6', 'staff9', 0)`,
  ],
];

describe.each(ENGINES)('figures on %s', (engine) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await openTestDatabase(engine);
    await seedOrders(tdb.db, 1500, END);
    await run(tdb.db, EDGES);
  });
  afterAll(() => tdb?.destroy());

  it('answers as the joins over the tables did, for periods with and without orders', async () => {
    const figures = await orderFigures(tdb.db, ALL_DAYS, NOW);
    expect(figures.total.registered).toBeGreaterThan(1400);
    // E-1's first staff member is the one at position 0; E-2 has none.
    expect(figures.perStaff.map((s) => s.userId)).toEqual(expect.arrayContaining(['aa', '']));
    await expectSameFigures(tdb.db);
  });

  it.each(WRITES.map((w, i) => [i, w] as const))('stays the same as the joins after write batch %i', async (_, w) => {
    const before = await orderFigures(tdb.db, ALL_DAYS, NOW);
    await run(tdb.db, w);
    await expectSameFigures(tdb.db);
    // Every batch moves something: the comparison above saw a change, not two stale answers.
    expect(await orderFigures(tdb.db, ALL_DAYS, NOW)).not.toEqual(before);
  });

  it('leaves nothing stale after a read', async () => {
    await orderFigures(tdb.db, ALL_DAYS, NOW);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from order_facts_stale`.execute(tdb.db);
    expect(rows[0]?.n).toBe(0);
  });
});
