import type { Attribution } from './attribution';
import type { ServerSide } from './server-metrics';

export const TARGETS = { p99AckMs: 50, readsPerGroup: 3 };

export interface AckFigures {
  attempts: number;
  acked: number;
  retried: number;
  failed: number;
  pending: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface RunFigures {
  name: string;
  scans: number;
  scanMs: number;
  refused: string[];
  acks: AckFigures;
  /** The same acks by the server's own clock (the last server process only). */
  server: ServerSide;
  /** The machine's 1-minute load average at the end (2 cores: above 2, processes wait for a CPU). */
  load: number;
  /** groupchat/get calls of each order's group during the run. */
  reads: number[];
  attribution: Attribution;
  attributedMs: number | null;
  /** Orders whose GET /api/v1/orders/:id shows exactly the customers who scanned its QR. */
  apiMatches: number;
  orders: number;
  /** Callback events still waiting in the inbox when the run was measured (and why). */
  inboxPending: number;
  kill?: { afterScans: number; restartMs: number };
}

export interface Verdict {
  ack: boolean;
  reads: boolean;
  attribution: boolean;
}

/**
 * The ack target is judged by the server's own clock (request in → answer out, its histogram: p99
 * < 50 ms ⇔ at least 99 % within the 50 ms bucket). The simulator's figure is printed beside it: on
 * this one machine it also holds the simulator's own wait for a CPU while it scans, encrypts and
 * serves groupchat/get on the same two cores, which WeCom's pushers do not share with us.
 * The kill run is judged on what a crash may break (nothing lost, nothing twice, re-reads); its
 * ack times are printed, not judged: the restarted process meets WeCom's retries of every push
 * it missed at once, on top of the live ones.
 */
export function verdict(run: RunFigures): Verdict {
  const a = run.attribution;
  return {
    ack: run.kill !== undefined || (run.server.answered > 0 && run.server.within50 >= 0.99),
    reads: Math.max(0, ...run.reads) <= TARGETS.readsPerGroup,
    attribution:
      a.attributed === a.expected &&
      a.lost === 0 &&
      a.doubled === 0 &&
      a.wrongOrder === 0 &&
      a.notViaQr === 0 &&
      run.refused.length === 0 &&
      run.acks.failed === 0 &&
      run.apiMatches === run.orders,
  };
}

const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const ms = (v: number | null) => (v === null ? '—' : v.toFixed(1));

function histogram(reads: number[]): string {
  const counts = new Map<number, number>();
  for (const n of reads) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([n, groups]) => `${n}×${groups}`)
    .join(' ');
}

export function printRun(run: RunFigures, write: (line: string) => void): Verdict {
  const v = verdict(run);
  const { acks, attribution: a, reads } = run;
  const total = reads.reduce((s, n) => s + n, 0);
  write(`\n${run.name}: ${run.scans} scans over ${run.orders} groups in ${(run.scanMs / 1000).toFixed(1)} s`);
  if (run.kill) {
    write(`  kill -9 after ${run.kill.afterScans} scans; the server answered again ${run.kill.restartMs} ms later`);
  }
  if (run.refused.length) write(`  scans refused by the simulator: ${run.refused.length} (${run.refused[0]})`);
  write(
    `  pushes          ${acks.acked} acked of ${acks.attempts} attempts; ${acks.retried} needed a retry, ` +
      `${acks.failed} given up, ${acks.pending} pending`,
  );
  write(
    `  ack ms          p50 ${ms(acks.p50Ms)}  p99 ${ms(acks.p99Ms)}  max ${ms(acks.maxMs)}` +
      ` (the simulator's clock, with its own queueing on this machine)`,
  );
  const s = run.server;
  write(
    `  server's view   ${s.answered} answered${run.kill ? ' since the restart' : ''}, ` +
      `${(s.within50 * 100).toFixed(1)}% within 50 ms, p50 ≤ ${s.p50AtMostMs ?? '—'} ms, p99 ≤ ${s.p99AtMostMs ?? '—'} ms (its histogram); ` +
      `load average ${run.load.toFixed(1)} on 2 cores   ` +
      (run.kill ? '(not judged after a restart)' : `${mark(v.ack)} (p99 < ${TARGETS.p99AckMs} ms)`),
  );
  write(
    `  groupchat/get   total ${total}, per group max ${Math.max(0, ...reads)} mean ${(total / Math.max(1, reads.length)).toFixed(2)}` +
      ` [${histogram(reads)}]   ${mark(v.reads)} (≤ ${TARGETS.readsPerGroup})`,
  );
  write(
    `  attributed      ${a.attributed}/${a.expected}` +
      (run.attributedMs === null
        ? ' (timed out)'
        : ` within ${(run.attributedMs / 1000).toFixed(1)} s of the first scan`) +
      `; lost ${a.lost}, doubled ${a.doubled}, wrong order ${a.wrongOrder}, without via ${a.notViaQr}` +
      `   ${mark(v.attribution)}`,
  );
  write(
    `  business view   ${run.apiMatches}/${run.orders} orders list exactly their scanners; ` +
      `${a.redelivered} webhook redeliveries (same id); ${run.inboxPending} inbox events left pending`,
  );
  return v;
}
