import { sql, type Selectable } from 'kysely';
import type { DB, Executor, LeasedFields } from './schema';

/**
 * Rows worked through by any number of instances: a worker claims due rows with a lease
 * (FOR UPDATE SKIP LOCKED, so two instances never claim the same row), handles them, then marks
 * them done or schedules a retry. A crashed worker's lease simply runs out.
 */
export type LeasedTable = 'callback_events' | 'webhook_outbox';
export type LeasedRow<T extends LeasedTable> = Selectable<DB[T]> & LeasedFields;

export interface ClaimOptions {
  owner: string;
  now: Date;
  leaseMs: number;
  limit: number;
}

export async function claimDue<T extends LeasedTable>(
  db: Executor,
  table: T,
  { owner, now, leaseMs, limit }: ClaimOptions,
): Promise<LeasedRow<T>[]> {
  const t = sql.table(table);
  const until = new Date(now.getTime() + leaseMs);
  const { rows } = await sql<LeasedRow<T>>`
    update ${t} set lease_owner = ${owner}, lease_until = ${until}, attempts = attempts + 1
    where id in (
      select id from ${t}
      where done_at is null and failed_at is null and next_attempt_at <= ${now}
        and (lease_until is null or lease_until < ${now})
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked
    )
    returning *`.execute(db);
  return [...rows].sort((a, b) => a.next_attempt_at.getTime() - b.next_attempt_at.getTime());
}

/** Keeps a live worker's leases from running out while it still works through its batch. */
export async function extendLeases(
  db: Executor,
  table: LeasedTable,
  { ids, owner, until }: { ids: readonly string[]; owner: string; until: Date },
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable(table)
    .set({ lease_until: until })
    .where('id', 'in', [...ids])
    .where('lease_owner', '=', owner)
    .where('done_at', 'is', null)
    .execute();
}

export async function markDone(db: Executor, table: LeasedTable, id: string, now: Date): Promise<void> {
  await db
    .updateTable(table)
    .set({ done_at: now, lease_owner: null, lease_until: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

/**
 * After a failed attempt: try again at `retryAt`, or give up (dead letter) when it is null. Only
 * while `owner` still holds the lease: a worker whose lease ran out must not undo the next one's.
 */
export async function markFailed(
  db: Executor,
  table: LeasedTable,
  id: string,
  { owner, now, retryAt, error }: { owner: string; now: Date; retryAt: Date | null; error: string },
): Promise<void> {
  await db
    .updateTable(table)
    .set({
      lease_owner: null,
      lease_until: null,
      last_error: error.slice(0, 500),
      ...(retryAt ? { next_attempt_at: retryAt } : { failed_at: now }),
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

/** Exponential backoff with ±20 % jitter, capped; `attempts` counts the one that just failed. */
export function backoff(attempts: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** A named lease for work only one instance should do at a time (the reconcile). */
export async function tryJobLease(
  db: Executor,
  name: string,
  { owner, now, leaseMs }: { owner: string; now: Date; leaseMs: number },
): Promise<boolean> {
  const until = new Date(now.getTime() + leaseMs);
  const row = await db
    .insertInto('job_leases')
    .values({ name, owner, lease_until: until })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ owner, lease_until: until })
        .where((eb) => eb.or([eb('job_leases.lease_until', '<', now), eb('job_leases.owner', '=', owner)])),
    )
    .returning('name')
    .executeTakeFirst();
  return row !== undefined;
}
