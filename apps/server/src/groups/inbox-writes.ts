import type { Insertable } from 'kysely';
import type { CallbackEventsTable, Db } from '../db/schema';

export type EventRow = Insertable<CallbackEventsTable> & { id: string };

interface Waiting {
  row: EventRow;
  resolve(inserted: boolean): void;
  reject(err: unknown): void;
}

/** Far below PostgreSQL's 65,535 bind parameters (7 per row). */
const MAX_ROWS = 500;
/**
 * Writes in flight at once: one alone makes a push wait for the write before it and then its own;
 * a few side by side keep that wait short while a burst still costs few commits.
 */
const MAX_IN_FLIGHT = 3;

/**
 * Records inbound events, one commit for all that arrive together. An event is written at once
 * while fewer than MAX_IN_FLIGHT writes run; those arriving meanwhile wait and then go in one
 * INSERT, so a burst of pushes (customers scanning a join QR) costs the database a few commits
 * instead of one each, and every push is still answered only once its own row is committed.
 */
export class InboxWrites {
  private queue: Waiting[] = [];
  private inFlight = 0;

  constructor(private readonly db: Db) {}

  /** True when the row is new; false when an event with its id was recorded before. */
  insert(row: EventRow): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (this.inFlight < MAX_IN_FLIGHT) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight += 1;
    try {
      while (this.queue.length) await this.write(this.queue.splice(0, MAX_ROWS));
    } finally {
      this.inFlight -= 1;
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    // The same event twice in one batch (a retry racing the original): the first one is the new one.
    const first = new Map<string, Waiting>();
    for (const w of batch) if (!first.has(w.row.id)) first.set(w.row.id, w);
    try {
      const inserted = await this.insertRows([...first.values()].map((w) => w.row));
      for (const w of batch) w.resolve(first.get(w.row.id) === w && inserted.has(w.row.id));
    } catch (err) {
      if (batch.length === 1) return batch[0]?.reject(err);
      // One row the database refuses must not fail the others: each is written on its own.
      for (const w of batch) await this.write([w]);
    }
  }

  private async insertRows(rows: EventRow[]): Promise<Set<string>> {
    const inserted = await this.db
      .insertInto('callback_events')
      .values(rows)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    return new Set(inserted.map((r) => r.id));
  }
}
