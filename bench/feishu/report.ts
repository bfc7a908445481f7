// Prints a burst's figures and its PASS/MISS lines.
import type { GroupFigures, RateFigures, WebhookFigures } from './checks';
import { LIMIT_PER_SECOND } from './checks';

export interface RunResult {
  name: string;
  orders: number;
  sendMs: number;
  killedAt: number | null;
  chatsAtKill: number | null;
  restartMs: number | null;
  allGroupsMs: number | null;
  rate: RateFigures;
  groups: GroupFigures;
  webhooks: WebhookFigures;
  /** Event pushes the simulator kept (its last 500). */
  pushes: { events: number; retried: number; undelivered: number };
}

export function verdicts(r: RunResult): Array<{ label: string; pass: boolean }> {
  const n = r.orders;
  return [
    { label: `${r.name}: all ${n} groups exist`, pass: r.allGroupsMs !== null },
    {
      label: `${r.name}: exactly 1 chat per order`,
      pass: r.groups.ordersWithOneChat === n && r.groups.strayChats === 0,
    },
    { label: `${r.name}: the server shows each order's chat`, pass: r.groups.serverAgrees === n },
    {
      label: `${r.name}: ≤ ${LIMIT_PER_SECOND} creates in any second`,
      pass: r.rate.maxSlidingSecond <= LIMIT_PER_SECOND,
    },
    {
      label: `${r.name}: 1 group.created and 1 customer member_joined per order`,
      pass: r.webhooks.created.once === n && r.webhooks.joined.once === n,
    },
  ];
}

const s = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

export function printRun(r: RunResult): void {
  const g = r.groups;
  const lines = [
    `\n${r.name}`,
    `  ${r.orders} customers opened the bot and sent their codes in ${s(r.sendMs)}`,
    ...(r.killedAt === null
      ? []
      : [
          `  server killed (SIGKILL) at ${s(r.killedAt)} with ${r.chatsAtKill} groups made, back (ready) after ${s(r.restartMs)}`,
        ]),
    `  all groups exist after ${s(r.allGroupsMs)} (from the first customer)`,
    `  create calls: ${r.rate.calls}; max per calendar second ${r.rate.maxCalendarSecond}, in any 1 s window ${r.rate.maxSlidingSecond}`,
    `  per second: ${perSecondLine(r.rate.perSecond)}`,
    `  chats in the simulator ${g.chats}: orders with exactly 1 ${g.ordersWithOneChat}, none ${g.ordersWithoutChat.length}, several ${g.ordersWithSeveral.length}, chats of no order ${g.strayChats}`,
    `  server shows the simulator's chat on ${g.serverAgrees}/${r.orders} orders${g.serverProblems.length ? ` (${g.serverProblems.join('; ')})` : ''}`,
    `  webhooks: group.created once ${r.webhooks.created.once}, twice ${r.webhooks.created.twice.length}; customer member_joined once ${r.webhooks.joined.once}, twice ${r.webhooks.joined.twice.length}`,
    `  event pushes: ${r.pushes.events} (last 500 kept), re-pushed ${r.pushes.retried}, not delivered ${r.pushes.undelivered}`,
    ...verdicts(r).map((v) => `  ${v.pass ? 'PASS' : 'MISS'}  ${v.label.slice(r.name.length + 2)}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `3 5 0 0 0 0 0 2` → `3 5 (5 s none) 2`: a restart's quiet stretch in one token. */
function perSecondLine(counts: number[]): string {
  return counts.join(' ').replace(/(?:^|(?<= ))0(?: 0){3,}(?= |$)/g, (run) => `(${run.split(' ').length} s none)`);
}
