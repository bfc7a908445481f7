import type { Db } from '../../apps/server/src/db/schema';

/**
 * Callback events not processed yet. Those leased by a killed process (its pid is in the lease
 * owner) wait for the lease to run out and are counted apart: nobody works on them meanwhile.
 */
export async function inboxPending(db: Db, deadPids: number[]): Promise<{ live: number; stranded: number }> {
  const rows = await db
    .selectFrom('callback_events')
    .select(['lease_owner', 'lease_until'])
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .execute();
  const dead = (owner: string | null) => owner !== null && deadPids.some((pid) => owner.includes(`:${pid}:`));
  const now = Date.now();
  const stranded = rows.filter((r) => r.lease_until && r.lease_until.getTime() > now && dead(r.lease_owner)).length;
  return { live: rows.length - stranded, stranded };
}
