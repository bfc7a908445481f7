// `pnpm bench callbacks`: 2,000 customers scan the join QRs of 50 orders (40 each, round-robin),
// as fast as the WeCom simulator takes the scans; every scan joins the group and the simulator
// pushes the encrypted change_external_chat callback to our server, a separate child process on
// PostgreSQL (a schema of its own, dropped after). Measured: how fast each push is acknowledged
// (the simulator's send → our 200), groupchat/get re-reads per group, and whether every join is
// attributed to its order exactly once (our webhooks, de-duplicated by event id, and the business
// API). Run 2 does the same with the server killed (SIGKILL) after a third of the scans and
// restarted on the same port; WeCom's retries (5 s timeout, three retries) carry the pushes over.
// BENCH_JOINS / BENCH_GROUPS / BENCH_CONCURRENCY make a quick run; BENCH_RUNS=steady|kill picks one;
// BENCH_PROFILE_DIR=dir writes a CPU profile of each server process there.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Database } from '../../apps/server/src/db/database';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../../apps/server/src/testing/databases';
import { attribution } from './attribution';
import { inboxPending } from './inbox';
import { printRun, type RunFigures, type Verdict } from './report';
import { serverSide } from './server-metrics';
import { runScans, scanPlan, type Scan } from './scans';
import { orderMembers, ordersWithJoinQrs, type OrderQr } from './setup';
import { startWorld, type World } from './world';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 50);
const JOINS = Number(process.env.BENCH_JOINS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WAIT_MS = Number(process.env.BENCH_WAIT_MS ?? 120_000);
const RUNS = (process.env.BENCH_RUNS ?? 'steady,kill').split(',');
const READ_PATH = '/cgi-bin/externalcontact/groupchat/get';

const write = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the setup's own callbacks (the shells' "create") are processed: the run starts from quiet. */
async function settle(world: World, db: Database['db']): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const acks = await world.control.callbackAcks();
    const inbox = await inboxPending(db, []);
    if (acks.pending === 0 && inbox.live === 0) return;
    if (Date.now() > deadline) throw new Error('setup callbacks did not settle within 30 s');
    await sleep(100);
  }
}

/** Until every scan is attributed, the simulator has nothing left to push and the inbox is idle. */
async function awaitOutcome(world: World, db: Database['db'], plan: Scan[], deadPids: number[], t0: number) {
  const deadline = Date.now() + WAIT_MS;
  let attributedMs: number | null = null;
  for (;;) {
    const a = attribution(plan, world.hooks.deliveries);
    if (attributedMs === null && a.attributed === a.expected) attributedMs = performance.now() - t0;
    const acks = await world.control.callbackAcks();
    const inbox = await inboxPending(db, deadPids);
    if (attributedMs !== null && acks.pending === 0 && inbox.live === 0) return { attributedMs, inbox };
    if (Date.now() > deadline) return { attributedMs, inbox };
    await sleep(200);
  }
}

async function businessView(world: World, orders: OrderQr[], plan: Scan[]): Promise<number> {
  let matches = 0;
  for (const order of orders) {
    const expected = plan.filter((s) => s.order.orderId === order.orderId).map((s) => s.customer);
    const { customers } = await orderMembers(world, order.orderId);
    if (customers.length === expected.length && expected.every((c) => customers.includes(c))) matches += 1;
  }
  return matches;
}

async function run(name: string, kill: boolean): Promise<Verdict> {
  const schema = uniqueSchema();
  const world = await startWorld(JOINS, schema);
  let database: Database | null = null;
  try {
    await world.server.start();
    database = await openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: '.', schema });
    const { db } = database;
    const orders = await ordersWithJoinQrs(world, GROUPS, kill ? 'BK' : 'BS');
    await settle(world, db);
    await world.control.resetCalls();
    await world.control.resetCallbackAcks();
    const plan = scanPlan(orders, Math.floor(JOINS / GROUPS));
    const deadPids: number[] = [];
    let killFigures: RunFigures['kill'];
    const afterScans = Math.round(plan.length / 3);
    const t0 = performance.now();
    const scans = await runScans(
      world.control,
      plan,
      CONCURRENCY,
      kill
        ? {
            scans: afterScans,
            run: async () => {
              const pid = world.server.pid();
              if (pid) deadPids.push(pid);
              await world.server.kill();
              const down = performance.now();
              await world.server.start();
              killFigures = { afterScans, restartMs: Math.round(performance.now() - down) };
            },
          }
        : undefined,
    );
    await scans.step;
    const outcome = await awaitOutcome(world, db, plan, deadPids, t0);
    // Room for a late duplicate or an extra re-read to show up.
    await sleep(1_500);
    const byChat = (await world.control.callsByChat())[READ_PATH] ?? {};
    const figures: RunFigures = {
      name,
      scans: plan.length,
      scanMs: scans.ms,
      refused: scans.refused,
      acks: await world.control.callbackAcks(),
      server: await serverSide(world.server.url),
      load: loadavg()[0] ?? 0,
      reads: orders.map((o) => byChat[o.chatId] ?? 0),
      attribution: attribution(plan, world.hooks.deliveries),
      attributedMs: outcome.attributedMs,
      apiMatches: await businessView(world, orders, plan),
      orders: orders.length,
      inboxPending: outcome.inbox.live + outcome.inbox.stranded,
      kill: killFigures,
    };
    const verdict = printRun(figures, write);
    if (outcome.inbox.stranded) {
      write(`  (${outcome.inbox.stranded} inbox events are still leased by the killed process until its lease ends)`);
    }
    return verdict;
  } catch (err) {
    write(`\n${name}: failed: ${(err as Error).message}\n--- server output (tail) ---\n${world.server.output()}`);
    return { ack: false, reads: false, attribution: false };
  } finally {
    await database?.close();
    await world.close();
    await dropSchema(schema);
  }
}

write(`callbacks bench: ${JOINS} joins over ${GROUPS} groups, ${CONCURRENCY} scans in flight`);
const verdicts: Verdict[] = [];
if (RUNS.includes('steady')) verdicts.push(await run('run 1 (steady)', false));
if (RUNS.includes('kill')) verdicts.push(await run('run 2 (kill -9 after 1/3)', true));
const missed = verdicts.some((v) => !v.ack || !v.reads || !v.attribution);
write(missed ? '\nMISS: a target was missed (see above)' : '\nPASS: every target met in every run');
process.exitCode = missed ? 1 : 0;
