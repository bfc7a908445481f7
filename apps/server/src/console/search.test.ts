// The console's search, split in two (the order's text, its staff) for the trigram indexes, finds
// what the one OR query before 0015_console_speed found, in the same order and pages: that query
// stays here as the reference. On PGlite (no pg_trgm) and PostgreSQL (indexes used, then forced).
import type { ConsoleOrdersQuery } from '@kequn/contracts';
import { sql, type SqlBool } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../db/schema';
import { ENGINES, openTestDatabase, type TestDatabase } from '../testing/databases';
import { searchOrders } from './orders';
import { seedOrders } from './seed-orders';

const END = Date.UTC(2025, 5, 1);
type Filters = Omit<ConsoleOrdersQuery, 'limit' | 'cursor'>;

/** Every matching order id, newest first, as the console's query before 0015 found them. */
async function reference(db: Executor, q: Filters): Promise<Array<{ id: string; status: string | null }>> {
  const like = `%${(q.q ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let query = db
    .selectFrom('orders as o')
    .leftJoin('bindings as b', 'b.order_id', 'o.order_id')
    .select(['o.order_id', 'b.status'])
    .where((eb) =>
      eb.or([
        sql<SqlBool>`(o.order_id || ' ' || o.title || ' ' || coalesce(o.customer_name, '') || ' ' ||
          coalesce(o.customer_mobile, '') || ' ' || coalesce(o.customer_external_user_id, '')) ilike ${like}`,
        eb(
          'o.order_id',
          'in',
          eb
            .selectFrom('order_staff as s')
            .select('s.order_id')
            .where((w) => w.or([w('s.user_id', 'ilike', like), w('s.name', 'ilike', like)])),
        ),
      ]),
    );
  if (q.status === 'none') query = query.where('b.order_id', 'is', null);
  else if (q.status) query = query.where('b.status', '=', q.status);
  if (q.platform) query = query.where('b.platform', '=', q.platform);
  if (q.route) query = query.where('b.route', '=', q.route);
  const rows = await query.orderBy('o.created_at', 'desc').orderBy('o.order_id', 'desc').execute();
  return rows.map((r) => ({ id: r.order_id, status: r.status }));
}

/** Every page of the search, `limit` at a time, by its cursors. */
async function allPages(db: Executor, q: Filters, limit: number) {
  const found: Array<{ id: string; status: string | null }> = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await searchOrders(db, { ...q, limit, ...(cursor ? { cursor } : {}) });
    found.push(...page.orders.map((o) => ({ id: o.orderId, status: o.group?.status ?? null })));
    if (!page.nextCursor) return found;
    cursor = page.nextCursor;
  }
  throw new Error('the pages never ended');
}

const SEARCHES: Filters[] = [
  { q: '空调' },
  { q: '空调', status: 'none' },
  { q: 'staff3', route: 'join_qr' },
  { q: 'staff3' },
  { q: 'STAFF1', status: 'confirmed' },
  { q: '员工7' },
  { q: 'B-99' },
  { q: 'B-1234' },
  { q: 'b-77 ' },
  { q: '客户12' },
  { q: '13800001' },
  { q: 'wm49' },
  { q: '%' },
  { q: 'st_ff' },
  { q: '王五' },
  { q: '维修', platform: 'wecom', route: 'jssdk' },
  { q: 'nothing-like-this' },
];

/** Orders whose staff names and ids hold what the searches above look for, and LIKE's own characters. */
const EDGES = [
  `insert into orders (order_id, title, customer_name, created_at, updated_at) values
    ('E-1', '净水器%特价', null, '2025-05-31T10:00:00Z', now()), ('E-2', 'st_ff 单', '王五', '2025-05-31T10:00:00Z', now()),
    ('E-3', '空调', null, '2025-05-31T10:00:00Z', now())`,
  `insert into order_staff (order_id, user_id, position, name) values
    ('E-1', 'wangwu', 0, '王五'), ('E-2', 'STAFF3', 0, null), ('E-3', 'b-77 x', 0, '空调师傅'), ('B-10', 'ww', 1, '王五')`,
];

describe.each(ENGINES)('orders search on %s', (engine) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await openTestDatabase(engine);
    await seedOrders(tdb.db, 1500, END);
    for (const s of EDGES) await sql.raw(s).execute(tdb.db);
  });
  afterAll(() => tdb?.destroy());

  it.each(SEARCHES.map((s) => [JSON.stringify(s), s] as const))(
    '%s: the same orders, pages and order',
    async (_, q) => {
      const want = await reference(tdb.db, q);
      expect(await allPages(tdb.db, q, 50)).toEqual(want);
      expect(await allPages(tdb.db, q, 7)).toEqual(want);
    },
  );

  it('finds the same by bitmap scans of the indexes (the planner told to avoid any other)', async () => {
    for (const q of SEARCHES) {
      const want = await reference(tdb.db, q);
      const got = await tdb.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_indexscan = off`.execute(trx);
        return allPages(trx, q, 20);
      });
      expect(got, JSON.stringify(q)).toEqual(want);
    }
  });

  it(`has the trigram indexes only where pg_trgm is (${engine})`, async () => {
    const { rows } = await sql<{ name: string }>`select indexname as name from pg_indexes
      where schemaname = current_schema() and indexname like '%search_trgm' order by 1`.execute(tdb.db);
    expect(rows.map((r) => r.name)).toEqual(
      engine === 'postgres' ? ['order_staff_search_trgm', 'orders_search_trgm'] : [],
    );
  });
});
