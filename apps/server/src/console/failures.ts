import type { ConsoleFailures, ConsolePool } from '@kequn/contracts';
import type { Executor } from '../db/schema';
import { poolFigures, totalOf } from '../adapters/wecom-join-qr/store';
import { optional } from './orders';

const LIMIT = 200;

/** What is stuck: callbacks parked, webhooks that gave up, join ways no order holds. */
export async function listFailures(db: Executor): Promise<ConsoleFailures> {
  const callbacks = await db
    .selectFrom('callback_events')
    .selectAll()
    .where('failed_at', 'is not', null)
    .where('done_at', 'is', null)
    .orderBy('failed_at', 'desc')
    .limit(LIMIT)
    .execute();
  const webhooks = await db
    .selectFrom('webhook_outbox')
    .selectAll()
    .where('failed_at', 'is not', null)
    .where('done_at', 'is', null)
    .orderBy('failed_at', 'desc')
    .limit(LIMIT)
    .execute();
  const orphans =
    (await optional(() =>
      db
        .selectFrom('join_way_ledger as l')
        .select(['l.config_id', 'l.order_id', 'l.chat_id', 'l.created_at'])
        .where('l.deleted_at', 'is', null)
        .where((eb) =>
          eb.not(
            eb.exists(eb.selectFrom('join_qrs as q').select('q.order_id').whereRef('q.config_id', '=', 'l.config_id')),
          ),
        )
        .orderBy('l.created_at', 'desc')
        .limit(LIMIT)
        .execute(),
    )) ?? [];
  return {
    callbacks: callbacks.map((c) => ({
      id: c.id,
      event: c.event,
      chatId: c.chat_id ?? null,
      receivedAt: c.received_at.toISOString(),
      failedAt: (c.failed_at as Date).toISOString(),
      attempts: c.attempts,
      lastError: c.last_error,
      fields: parseObject(c.fields),
    })),
    webhooks: webhooks.map((w) => {
      const data = parseObject(w.payload).data as Record<string, unknown> | undefined;
      return {
        id: w.id,
        type: w.event_type,
        createdAt: w.created_at.toISOString(),
        state: 'failed' as const,
        attempts: w.attempts,
        lastError: w.last_error,
        orderId: typeof data?.orderId === 'string' ? data.orderId : null,
        failedAt: (w.failed_at as Date).toISOString(),
      };
    }),
    orphanJoinWays: orphans.map((o) => ({
      configId: o.config_id,
      orderId: o.order_id,
      chatId: o.chat_id,
      createdAt: o.created_at.toISOString(),
    })),
  };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A parked callback goes back to the inbox worker: due now, with a fresh count of attempts. */
export async function retryCallback(db: Executor, id: string, now: Date): Promise<{ event: string } | null> {
  const row = await db
    .updateTable('callback_events')
    .set({ failed_at: null, next_attempt_at: now, attempts: 0, lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('failed_at', 'is not', null)
    .where('done_at', 'is', null)
    .returning('event')
    .executeTakeFirst();
  return row ?? null;
}

/** The join-QR route's shell-group pool per owner (an empty view without that route's tables). */
export async function poolHealth(db: Executor): Promise<ConsolePool> {
  const rows = await optional(() => poolFigures(db));
  const owners = rows ?? [];
  const alerts = (await optional(() => db.selectFrom('pool_alerts').selectAll().orderBy('scope').execute())) ?? [];
  const live = await optional(() =>
    db
      .selectFrom('join_way_ledger')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('deleted_at', 'is', null)
      .executeTakeFirst(),
  );
  return {
    available: rows !== undefined,
    total: totalOf(owners),
    owners,
    alerts: alerts.map((a) => ({ scope: a.scope, low: a.low, changedAt: a.changed_at.toISOString() })),
    liveJoinWays: Number(live?.n ?? 0),
  };
}
