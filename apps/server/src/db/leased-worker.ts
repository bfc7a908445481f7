import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock, Logger } from '@kequn/upstream';
import { claimDue, extendLeases, markDone, markFailed, type LeasedRow, type LeasedTable } from './jobs';
import type { Db } from './schema';

/** What a handler decided about one row. `retryAt: null` gives up on it (dead letter). */
export type Outcome = { done: true } | { done: false; retryAt: Date | null; error: string };

export interface WorkerOptions<T extends LeasedTable> {
  name: string;
  db: Db;
  table: T;
  clock: Clock;
  logger: Logger;
  pollMs: number;
  /**
   * How long a claimed row stays this worker's without a sign of life. Renewed every third of it
   * while the batch is worked through, so a crashed instance's rows return after at most this.
   */
  leaseMs: number;
  batch: number;
  /** Handle a batch's rows concurrently (deliveries) or one by one, in order (events). */
  concurrent: boolean;
  handle(row: LeasedRow<T>): Promise<Outcome>;
  /** When `handle` throws: the retry time, or null to give up. */
  onError(row: LeasedRow<T>, err: unknown): Date | null;
}

export const workerId = () => `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** Polls a leased table (see jobs.ts) until stopped; `nudge()` wakes it at once. */
export class LeasedWorker<T extends LeasedTable> {
  private readonly owner = workerId();
  private stopped = true;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private nudged = false;

  constructor(private readonly options: WorkerOptions<T>) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Finishes what is in hand (bounded by the handlers' own timeouts), then returns. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** One claim-and-handle round; returns how many rows it handled. */
  async runOnce(): Promise<number> {
    const { db, table, clock, leaseMs, batch } = this.options;
    const rows = await claimDue(db, table, { owner: this.owner, now: new Date(clock.now()), leaseMs, limit: batch });
    if (rows.length === 0) return 0;
    const pending = new Set(rows.map((row) => row.id));
    const renew = setInterval(() => void this.renew(pending), Math.max(50, Math.floor(leaseMs / 3)));
    renew.unref();
    try {
      const handle = async (row: (typeof rows)[number]) => {
        await this.handleOne(row);
        pending.delete(row.id);
      };
      if (this.options.concurrent) await Promise.all(rows.map(handle));
      else for (const row of rows) await handle(row);
    } finally {
      clearInterval(renew);
    }
    return rows.length;
  }

  private async renew(pending: ReadonlySet<string>): Promise<void> {
    const { db, table, clock, leaseMs } = this.options;
    try {
      await extendLeases(db, table, { ids: [...pending], owner: this.owner, until: new Date(clock.now() + leaseMs) });
    } catch (err) {
      // A missed renewal only risks another instance handling the row too: at least once, never lost.
      this.options.logger.warn({ worker: this.options.name, err: (err as Error).message }, 'lease not renewed');
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let handled = 0;
      try {
        handled = await this.runOnce();
      } catch (err) {
        this.options.logger.error({ worker: this.options.name, err: (err as Error).message }, 'worker round failed');
      }
      if (handled === 0 && !this.stopped) await this.idle();
    }
  }

  private idle(): Promise<void> {
    if (this.nudged) {
      this.nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        this.nudged = false;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs);
      this.wake = done;
    });
  }

  private async handleOne(row: LeasedRow<T>): Promise<void> {
    const { db, table, clock } = this.options;
    let outcome: Outcome;
    try {
      outcome = await this.options.handle(row);
    } catch (err) {
      outcome = { done: false, retryAt: this.options.onError(row, err), error: (err as Error).message ?? String(err) };
    }
    const now = new Date(clock.now());
    try {
      if (outcome.done) await markDone(db, table, row.id, now);
      else
        await markFailed(db, table, row.id, { owner: this.owner, now, retryAt: outcome.retryAt, error: outcome.error });
    } catch (err) {
      // The lease runs out and the row is tried again: at least once, never lost.
      this.options.logger.error(
        { worker: this.options.name, id: row.id, err: (err as Error).message },
        'could not record outcome',
      );
    }
  }
}
