import { isWecomError, type Clock, type Logger } from '@kequn/wecom';
import type { CustomerFinder } from '../customers/customer-finder';
import { backoff, type LeasedRow } from '../db/jobs';
import { LeasedWorker, type Outcome } from '../db/leased-worker';
import type { Db } from '../db/schema';
import type { GroupSync } from '../groups/group-sync';
import { eventKey, type CallbackEvent } from './event-xml';

/** Our own event kind (never one of WeCom's): re-read a chat bound before WeCom showed it. */
const VERIFY_BINDING = 'kequn_verify_binding';

/** Events that keep failing end as failed rows (dead letters) after this many tries. */
const MAX_ATTEMPTS = 8;
const RETRY_BASE_MS = 1_000;
const RETRY_CAP_MS = 5 * 60_000;

export interface InboxOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  sync: GroupSync;
  customers: CustomerFinder;
  /** A staff member was deleted from the corp (change_contact delete_user). */
  staffLeft: (userId: string) => Promise<void>;
  /** WeCom advises re-reading a group a little after its event. */
  processDelayMs?: number;
  pollMs?: number;
}

/**
 * Callback events: recorded (and de-duplicated) before WeCom gets its 200, then processed by a
 * worker that retries failures and survives restarts, since the record is in the database.
 */
export class CallbackInbox {
  readonly worker: LeasedWorker<'callback_events'>;

  constructor(private readonly options: InboxOptions) {
    const retryAt = (row: LeasedRow<'callback_events'>) =>
      row.attempts >= MAX_ATTEMPTS
        ? null
        : new Date(options.clock.now() + backoff(row.attempts, RETRY_BASE_MS, RETRY_CAP_MS));
    this.worker = new LeasedWorker({
      name: 'callbacks',
      db: options.db,
      table: 'callback_events',
      clock: options.clock,
      logger: options.logger,
      pollMs: options.pollMs ?? 1_000,
      // Rows are handled one after another, each up to a slow groupchat/get with retries (~25 s):
      // the lease must outlast the whole batch, or another instance would take rows over mid-way.
      leaseMs: 3 * 60_000,
      batch: 5,
      concurrent: false,
      handle: async (row): Promise<Outcome> => {
        const result = await this.process(row);
        if (result === 'done') return { done: true };
        return { done: false, retryAt: retryAt(row), error: 'no order bound this chat yet' };
      },
      onError: (row, err) => {
        const permanent = isPermanent(err);
        options.logger.warn(
          { eventId: row.id, attempt: row.attempts, err: (err as Error).message, parked: permanent },
          'callback event failed',
        );
        return permanent ? null : retryAt(row);
      },
    });
  }

  /**
   * Asks the worker to re-read a chat until WeCom shows it (a binding made while WeCom's read
   * lagged): stored like an event, so retries, restarts and other instances all carry it on.
   */
  async verifyLater(chatId: string): Promise<void> {
    await this.receive({ event: VERIFY_BINDING, fields: { ChatId: chatId } });
  }

  /** Records an event once; false when it was seen before (a retry or a replay). */
  async receive(event: CallbackEvent): Promise<boolean> {
    const { db, clock } = this.options;
    const now = clock.now();
    const inserted = await db
      .insertInto('callback_events')
      .values({
        id: eventKey(event),
        event: event.event,
        fields: JSON.stringify(event.fields),
        received_at: new Date(now),
        next_attempt_at: new Date(now + (this.options.processDelayMs ?? 500)),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    // The staff member's customer list changed: drop it at once, before WeCom gets its answer
    // (if the cache is unreachable now, the worker's retries of the stored event do it).
    if (event.event === 'change_external_contact' && event.fields.UserID) {
      await this.options.customers.invalidate(event.fields.UserID).catch((err: unknown) => {
        this.options.logger.warn(
          { reason: (err as Error).message },
          'customer list not dropped yet; retried by the worker',
        );
      });
    }
    if (inserted) setTimeout(() => this.worker.nudge(), this.options.processDelayMs ?? 500).unref();
    return inserted !== undefined;
  }

  private async process(row: LeasedRow<'callback_events'>): Promise<'done' | 'retry'> {
    const fields = JSON.parse(row.fields) as Record<string, string>;
    if (row.event === 'change_external_contact') {
      if (fields.UserID) await this.options.customers.invalidate(fields.UserID);
      return 'done';
    }
    if (row.event === VERIFY_BINDING && fields.ChatId) return this.options.sync.sync(fields.ChatId);
    if (row.event === 'change_contact') {
      if (fields.ChangeType === 'delete_user' && fields.UserID) await this.options.staffLeft(fields.UserID);
      return 'done';
    }
    if (row.event !== 'change_external_chat' || !fields.ChatId) return 'done';
    if (fields.ChangeType === 'dismiss') return this.options.sync.dismissed(fields.ChatId);
    return this.options.sync.sync(fields.ChatId);
  }
}

/**
 * Failures no retry can mend, parked (dead-lettered) at once: WeCom refusing the event's own
 * values, or a database refusing them (SQLSTATE class 22, data exceptions). Outages, rate limits
 * and configuration problems are retried: they end when WeCom or an admin fixes them.
 */
function isPermanent(err: unknown): boolean {
  if (isWecomError(err)) return err.kind === 'input';
  const sqlState = (err as { code?: unknown } | null)?.code;
  return typeof sqlState === 'string' && sqlState.startsWith('22');
}
