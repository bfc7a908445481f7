import { sql } from 'kysely';
import type { Executor } from '../db/schema';

/** Records a sign-in attempt's state; expired ones are swept on the way (the start is rate limited). */
export async function saveState(db: Executor, state: string, next: string, expiresAt: Date, now: Date): Promise<void> {
  await db.deleteFrom('oauth_states').where('expires_at', '<', now).execute();
  await db.insertInto('oauth_states').values({ state, next, expires_at: expiresAt }).execute();
}

/** Takes a state once: the second caller with the same state gets null, on any instance. */
export async function takeState(db: Executor, state: string, now: Date): Promise<{ next: string } | null> {
  const row = await db
    .deleteFrom('oauth_states')
    .where('state', '=', state)
    .where('expires_at', '>', now)
    .returning('next')
    .executeTakeFirst();
  return row ?? null;
}

export async function currentEpoch(db: Executor, userId: string): Promise<number> {
  const row = await db.selectFrom('session_epochs').select('epoch').where('user_id', '=', userId).executeTakeFirst();
  return row?.epoch ?? 0;
}

/** Ends every session of the person issued so far; returns the new epoch. */
export async function raiseEpoch(db: Executor, userId: string, now: Date): Promise<number> {
  const row = await db
    .insertInto('session_epochs')
    .values({ user_id: userId, epoch: 1, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ epoch: sql`session_epochs.epoch + 1`, updated_at: now }))
    .returning('epoch')
    .executeTakeFirstOrThrow();
  return row.epoch;
}
