import type { Clock, Logger } from '@kequn/upstream';
import { tryJobLease } from '../db/jobs';
import { workerId } from '../db/leased-worker';
import type { Db } from '../db/schema';
import { liveBindings } from './binding-store';
import type { GroupSync } from './group-sync';
import type { GroupRoute } from './ports';

const PAGE = 100;
/** Processed callback events and delivered webhooks are kept this long, then pruned. */
const KEEP_DONE_MS = 7 * 24 * 3_600_000;

export interface ReconcileReport {
  ran: boolean;
  checked: number;
  failed: number;
}

/**
 * Callbacks get lost: every interval one instance (a DB lease decides which) re-reads every live
 * bound group and what the routes sweep up, and prunes old rows.
 */
export class Reconciler {
  private readonly owner = workerId();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ReconcileReport> | null = null;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      logger: Logger;
      sync: GroupSync;
      routes: readonly GroupRoute[];
      intervalMs: number;
    },
  ) {}

  start(): void {
    if (this.deps.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce().catch((err) => this.failed(err)), this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** A pass that could not run at all (database down): the next interval tries again. */
  private failed(err: unknown): void {
    this.deps.logger.error({ err: (err as Error).message }, 'reconcile failed');
  }

  /** One pass; overlapping calls share the pass in progress. */
  runOnce(): Promise<ReconcileReport> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<ReconcileReport> {
    const { db, clock, logger } = this.deps;
    const now = new Date(clock.now());
    const leaseMs = Math.max(60_000, this.deps.intervalMs / 2);
    if (!(await tryJobLease(db, 'reconcile', { owner: this.owner, now, leaseMs }))) {
      return { ran: false, checked: 0, failed: 0 };
    }
    const report = { ran: true, checked: 0, failed: 0 };
    await this.recheckBound(report);
    await this.sweepRoutes(report, now);
    await this.prune(now);
    if (report.failed > 0) logger.warn(report, 'reconcile finished with failures');
    else logger.info(report, 'reconcile finished');
    return report;
  }

  private async recheckBound(report: ReconcileReport): Promise<void> {
    let after = '';
    for (;;) {
      const page = await liveBindings(this.deps.db, after, PAGE);
      for (const binding of page) {
        if (binding.chatId) await this.attempt(report, binding.chatId);
      }
      const last = page[page.length - 1];
      if (!last || page.length < PAGE) return;
      after = last.orderId;
    }
  }

  /** Groups a route knows of that no binding names yet (e.g. an old client's, whose callback never came). */
  private async sweepRoutes(report: ReconcileReport, now: Date): Promise<void> {
    for (const route of this.deps.routes) {
      if (!route.sweep) continue;
      const { chatIds, failed } = await route.sweep(now).catch(() => ({ chatIds: [], failed: 1 }));
      report.failed += failed;
      for (const chatId of chatIds) await this.attempt(report, chatId);
    }
  }

  private async attempt(report: ReconcileReport, chatId: string): Promise<void> {
    report.checked += 1;
    try {
      await this.deps.sync.sync(chatId);
    } catch (err) {
      report.failed += 1;
      this.deps.logger.warn({ chatId, err: (err as Error).message }, 'reconcile could not check a group');
    }
  }

  private async prune(now: Date): Promise<void> {
    const before = new Date(now.getTime() - KEEP_DONE_MS);
    for (const table of ['callback_events', 'webhook_outbox'] as const) {
      await this.deps.db.deleteFrom(table).where('done_at', '<', before).execute();
    }
  }
}
