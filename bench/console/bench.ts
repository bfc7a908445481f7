// `pnpm bench console`: the managers' console over 100,000 orders in PostgreSQL (a schema of its
// own, dropped after): the orders list's first page, a filtered search and the figures view, p95.
// Search by pg_trgm indexes and figures from order_facts: migration 0015_console_speed.
import { performance } from 'node:perf_hooks';
import { refreshOrderFacts } from '../../apps/server/src/console/facts';
import { orderFigures } from '../../apps/server/src/console/figures';
import { searchOrders } from '../../apps/server/src/console/orders';
import { seedOrders } from '../../apps/server/src/console/seed-orders';
import { openDatabase } from '../../apps/server/src/db/database';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../../apps/server/src/testing/databases';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const TARGETS = { list: 200, search: 200, figures: 500 };
const END = Date.UTC(2025, 5, 1);

const schema = uniqueSchema();
const database = await openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: '.', schema });
const { db } = database;

async function seed(): Promise<void> {
  const start = performance.now();
  await seedOrders(db, ORDERS, END);
  process.stdout.write(`seeded ${ORDERS} orders in ${Math.round(performance.now() - start)} ms (schema ${schema})\n`);
  // The figures' rows per order, for every order the seed wrote: once, as after the migration.
  const refresh = performance.now();
  await refreshOrderFacts(db);
  process.stdout.write(`order_facts for all of them in ${Math.round(performance.now() - refresh)} ms\n`);
}

async function time(name: string, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)] ?? NaN;
  const p95 = p(0.95);
  process.stdout.write(
    `${name.padEnd(34)} p50 ${p(0.5).toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms   max ${(ms.at(-1) ?? NaN).toFixed(1).padStart(7)} ms\n`,
  );
  return p95;
}

try {
  await seed();
  const now = END - 1;
  const results = {
    list: await time('orders, first page (50)', () => searchOrders(db, { limit: 50 })),
    search: await time('orders, q=空调 status=none', () => searchOrders(db, { q: '空调', status: 'none', limit: 50 })),
    searchStaff: await time('orders, q=staff3 route=join_qr', () =>
      searchOrders(db, { q: 'staff3', route: 'join_qr', limit: 50 }),
    ),
    searchRare: await time('orders, q=B-99999 (one match)', () => searchOrders(db, { q: 'B-99999', limit: 50 })),
    figures: await time('figures, 30 days', () => orderFigures(db, { from: '2025-05-02', to: '2025-05-31' }, now)),
    figures100: await time('figures, 100 days', () => orderFigures(db, { from: '2025-02-21', to: '2025-05-31' }, now)),
  };
  const figures = await orderFigures(db, { from: '2025-05-02', to: '2025-05-31' }, now);
  const min = (v: number | null) => (v === null ? '—' : `${(v / 60_000).toFixed(1)} min`);
  process.stdout.write(
    `\nfigures 2025-05-02 … 2025-05-31: registered ${figures.total.registered} → page opened ${figures.total.pageOpened}` +
      ` → group ${figures.total.groupCreated} → customer joined ${figures.total.customerJoined}\n` +
      `  order → group: median ${min(figures.total.toGroup.medianMs)}, p90 ${min(figures.total.toGroup.p90Ms)}\n` +
      `  order → customer: median ${min(figures.total.toCustomer.medianMs)}, p90 ${min(figures.total.toCustomer.p90Ms)}\n` +
      `  staff: ${figures.perStaff.length}, days: ${figures.perDay.length}\n`,
  );
  const failed = [
    results.list > TARGETS.list && 'list',
    Math.max(results.search, results.searchStaff, results.searchRare) > TARGETS.search && 'search',
    Math.max(results.figures, results.figures100) > TARGETS.figures && 'figures',
  ].filter(Boolean);
  process.stdout.write(
    failed.length
      ? `\nOVER TARGET: ${failed.join(', ')}\n`
      : '\nall within target (list, search < 200 ms; figures < 500 ms p95)\n',
  );
  process.exitCode = failed.length ? 1 : 0;
} finally {
  await database.close();
  await dropSchema(schema);
}
