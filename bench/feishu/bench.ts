// `pnpm bench feishu`: the Feishu route's burst (issue #11). 200 orders whose customers all open
// the bot and send their codes within a few seconds → 200 groups, one per order, never more than
// 50 chat creations in any second; then the same with the server killed (SIGKILL) mid-burst and
// restarted: nothing lost, nothing twice. Real PostgreSQL (a schema per run, dropped after), the
// Feishu simulator in this process (its call log is the judge), the server as a child process.
import { performance } from 'node:perf_hooks';
import { feishuSimControl } from '@kequn/feishu-sim';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../../apps/server/src/testing/databases';
import { WEBHOOK_SECRET, WebhookReceiver } from '../../apps/server/src/testing/harness';
import { waitUntil } from '../../test/support/processes';
import { customersLink, registerOrders, sleep, untilGroups } from './burst';
import { groupFigures, LIMIT_PER_SECOND, rateFigures, webhookFigures } from './checks';
import { printRun, verdicts, type RunResult } from './report';
import { freePort, serverEnv, startServerOn, startSim, stopChild, type ServerChild } from './world';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 200);
const SPREAD_MS = Number(process.env.BENCH_SPREAD_MS ?? 3_000);
/** Long enough for Feishu's first re-push (15 s) and for rows a killed process held to be freed. */
const GROUPS_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 300_000);
/** Run 2's kill: while customers are still sending codes, so pushes fail and Feishu must re-push. */
const KILL_AT_MS = Number(process.env.BENCH_KILL_AT_MS ?? SPREAD_MS * 0.6);

async function burst(name: string, kill: boolean): Promise<RunResult> {
  const schema = uniqueSchema();
  const hooks = await new WebhookReceiver().start();
  const sim = await startSim(ORDERS);
  const f = feishuSimControl(sim.url);
  const port = await freePort();
  const env = {
    ...serverEnv(sim.url, { url: TEST_DATABASE_URL, schema }),
    WEBHOOK_URL: hooks.url,
    WEBHOOK_SECRET,
    WEBHOOK_RETRY_BASE_MS: '200',
  };
  let server: ServerChild | undefined;
  try {
    server = await startServerOn(port, env);
    await f.settings({ eventUrl: `${server.url}/callbacks/feishu` });
    const orders = await registerOrders(server.url, kill ? 'K' : 'A', ORDERS);
    const t0 = performance.now();
    const linking = customersLink(f, orders, SPREAD_MS);
    let killedAt: number | null = null;
    let restartMs: number | null = null;
    let chatsAtKill: number | null = null;
    if (kill) {
      await sleep(KILL_AT_MS);
      killedAt = performance.now() - t0;
      await stopChild(server.child, 'SIGKILL');
      chatsAtKill = (await f.chats()).length;
      const down = performance.now();
      server = await startServerOn(port, env);
      restartMs = performance.now() - down;
    }
    const sendMs = await linking;
    const allGroupsMs = await untilGroups(f, orders, t0, GROUPS_TIMEOUT_MS);
    // Webhooks trail the groups a little; give them time to arrive before counting.
    await waitUntil(
      async () => new Set(hooks.ofType('group.created').map((d) => d.data.orderId)).size >= ORDERS,
      30_000,
    ).catch(() => undefined);
    await sleep(500);
    const deliveries = await f.deliveries();
    return {
      name,
      orders: ORDERS,
      sendMs,
      killedAt,
      chatsAtKill,
      restartMs,
      allGroupsMs,
      rate: rateFigures(await f.chatCreateArrivals()),
      groups: await groupFigures(server.url, orders, await f.chats()),
      webhooks: webhookFigures(hooks, orders),
      pushes: {
        events: deliveries.length,
        retried: deliveries.filter((d) => d.attempts.length > 1).length,
        undelivered: deliveries.filter((d) => d.status !== 'delivered').length,
      },
    };
  } finally {
    if (server) await stopChild(server.child, 'SIGTERM');
    await hooks.close();
    await sim.close();
    await dropSchema(schema);
  }
}

const results: RunResult[] = [];
results.push(await burst('run 1: burst', false));
printRun(results[0] as RunResult);
results.push(await burst('run 2: burst, server killed (SIGKILL) mid-burst and restarted', true));
printRun(results[1] as RunResult);
const missed = results.flatMap((r) => verdicts(r).filter((v) => !v.pass));
process.stdout.write(
  missed.length ? `\nMISS: ${missed.map((m) => m.label).join('; ')}\n` : `\nall PASS (≤ ${LIMIT_PER_SECOND}/s)\n`,
);
process.exitCode = missed.length ? 1 : 0;
