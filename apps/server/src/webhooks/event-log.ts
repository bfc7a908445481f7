import type { EventList, EventListQuery, WebhookEventRecord } from '@kequn/contracts';
import type { Executor } from '../db/schema';

/**
 * The webhook events as recorded in the outbox, oldest first, with how their delivery went: an
 * integrator back from an outage reads what it missed (`after` = the last id it has) and asks
 * for what it wants again.
 */
export async function listEvents(db: Executor, q: EventListQuery): Promise<EventList> {
  let query = db
    .selectFrom('webhook_outbox')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .limit(q.limit + 1);
  if (q.after) {
    const after = await db
      .selectFrom('webhook_outbox')
      .select(['created_at', 'id'])
      .where('id', '=', q.after)
      .executeTakeFirst();
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '>', after.created_at),
          eb.and([eb('created_at', '=', after.created_at), eb('id', '>', after.id)]),
        ]),
      );
    }
  }
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  const events: WebhookEventRecord[] = page.map((row) => {
    const event = JSON.parse(row.payload) as { type: string; createdAt: string; data: Record<string, unknown> };
    return {
      id: row.id,
      type: row.event_type,
      createdAt: event.createdAt,
      data: event.data,
      delivery: {
        state: row.done_at ? 'delivered' : row.failed_at ? 'failed' : 'pending',
        attempts: row.attempts,
        lastError: row.last_error,
      },
    };
  });
  return { events, nextAfter: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null };
}

/** Queues an event for delivery again, now, with a fresh count of attempts; false when unknown. */
export async function redeliver(db: Executor, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('webhook_outbox')
    .set({ done_at: null, failed_at: null, attempts: 0, next_attempt_at: now, lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
