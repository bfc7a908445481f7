import type { Clock, Logger } from '@kequn/upstream';
import type { WebhookConfig } from '../config';
import { backoff, type LeasedRow } from '../db/jobs';
import { LeasedWorker, type Outcome } from '../db/leased-worker';
import type { Db } from '../db/schema';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhook } from './signature';

/** About a day of retries with the default base, then the event is kept as failed (dead letter). */
export const MAX_DELIVERY_ATTEMPTS = 15;
const MAX_BACKOFF_MS = 3_600_000;

/**
 * Delivers the outbox to WEBHOOK_URL: at least once per event id, and never by two instances at
 * the same time (leases). Receivers de-duplicate on X-Kequn-Event-Id for the one case we cannot
 * rule out: a crash after the receiver answered but before we recorded it.
 */
export function createWebhookDeliverer(opts: {
  db: Db;
  config: WebhookConfig;
  clock: Clock;
  logger: Logger;
  pollMs?: number;
}): LeasedWorker<'webhook_outbox'> {
  const { config, clock, logger } = opts;
  const retryAt = (row: LeasedRow<'webhook_outbox'>) =>
    row.attempts >= MAX_DELIVERY_ATTEMPTS
      ? null
      : new Date(clock.now() + backoff(row.attempts, config.retryBaseMs, MAX_BACKOFF_MS));
  return new LeasedWorker({
    name: 'webhooks',
    db: opts.db,
    table: 'webhook_outbox',
    clock,
    logger,
    pollMs: opts.pollMs ?? 1_000,
    leaseMs: config.timeoutMs * 2 + 1_000,
    batch: 10,
    concurrent: true,
    async handle(row): Promise<Outcome> {
      const failure = await deliver(config, row, clock);
      if (!failure) {
        logger.info({ eventId: row.id, type: row.event_type }, 'webhook delivered');
        return { done: true };
      }
      const next = retryAt(row);
      logger.warn({ eventId: row.id, attempt: row.attempts, failure, giveUp: next === null }, 'webhook not delivered');
      return { done: false, retryAt: next, error: failure };
    },
    onError: retryAt,
  });
}

/** One POST; returns why it failed, or null when the receiver answered 2xx. */
async function deliver(config: WebhookConfig, row: LeasedRow<'webhook_outbox'>, clock: Clock): Promise<string | null> {
  const timestampSec = Math.floor(clock.now() / 1000);
  try {
    const res = await fetch(config.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(config.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'kequn-webhooks/1',
        [SIGNATURE_HEADER]: signWebhook(config.secret, row.payload, timestampSec),
        [EVENT_ID_HEADER]: row.id,
        [EVENT_TYPE_HEADER]: row.event_type,
      },
      body: row.payload,
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`;
  } catch (err) {
    const name = (err as Error).name;
    return name === 'TimeoutError'
      ? 'timeout'
      : `network error (${(err as { cause?: { code?: string } }).cause?.code ?? name})`;
  }
}
