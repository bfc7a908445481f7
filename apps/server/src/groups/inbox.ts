import type { Clock, Logger } from '@kequn/upstream';
import { backoff, type LeasedRow } from '../db/jobs';
import { LeasedWorker, type Outcome } from '../db/leased-worker';
import type { Db } from '../db/schema';
import type { GroupSync } from './group-sync';
import { InboxWrites } from './inbox-writes';
import type { PlatformEvent, PlatformId } from './ports';

/** Events that keep failing end as failed rows (dead letters) after this many tries. */
const MAX_ATTEMPTS = 8;
const RETRY_BASE_MS = 1_000;
const RETRY_CAP_MS = 5 * 60_000;

const KINDS: ReadonlySet<string> = new Set<PlatformEvent['kind']>([
  'group_changed',
  'group_dismissed',
  'contacts_changed',
  'staff_left',
  'verify_binding',
  'route_event',
]);

/** What the platforms do besides groups when their events arrive. */
export interface InboxHooks {
  /** A staff member's customers changed: drop what is cached of them. Throws to be retried. */
  contactsChanged(platform: PlatformId, userId: string): Promise<void>;
  /** A staff member was deleted from the organisation. */
  staffLeft(platform: PlatformId, userId: string): Promise<void>;
  /** A route's own work (see PlatformEvent `route_event`); 'retry' asks to be run again later. */
  routeEvent?(event: PlatformEvent): Promise<'done' | 'retry'>;
}

export interface InboxOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The group sync of each platform. */
  sync(platform: PlatformId): GroupSync;
  hooks: InboxHooks;
  /** Failures no retry can mend (a platform refusing the event's own values): parked at once. */
  isPermanent?(err: unknown): boolean;
  /** Rows stored before events were normalised (the platform's raw event and fields). */
  legacy?(event: string, fields: Record<string, string>): PlatformEvent | null;
  /** Platforms advise re-reading a group a little after its event. */
  processDelayMs?: number;
  pollMs?: number;
}

/**
 * Inbound platform events: recorded (and de-duplicated on their key) before the platform gets its
 * answer, then processed by a worker that retries failures and survives restarts, since the
 * record is in the database.
 */
export class CallbackInbox {
  readonly worker: LeasedWorker<'callback_events'>;
  private readonly writes: InboxWrites;

  constructor(private readonly options: InboxOptions) {
    this.writes = new InboxWrites(options.db);
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
      // Renewed while the batch is worked through (one slow groupchat/get with retries takes ~25 s),
      // so it only bounds how long a crashed instance's rows wait for another one.
      leaseMs: 30_000,
      batch: 5,
      concurrent: false,
      handle: async (row): Promise<Outcome> => {
        const result = await this.process(row);
        if (result === 'done') return { done: true };
        return { done: false, retryAt: retryAt(row), error: 'no order bound this chat yet' };
      },
      onError: (row, err) => {
        const permanent = isDataException(err) || (options.isPermanent?.(err) ?? false);
        options.logger.warn(
          { eventId: row.id, attempt: row.attempts, err: (err as Error).message, parked: permanent },
          'callback event failed',
        );
        return permanent ? null : retryAt(row);
      },
    });
  }

  /**
   * Asks the worker to re-read a chat until its platform shows it (a binding made while the
   * platform's read lagged): stored like an event, so retries, restarts and other instances carry it on.
   */
  async verifyLater(platform: PlatformId, chatId: string): Promise<void> {
    await this.receive({ key: `verify:${platform}:${chatId}`, platform, kind: 'verify_binding', chatId });
  }

  /** Records an event once; false when it was seen before (a retry or a replay). */
  async receive(event: PlatformEvent): Promise<boolean> {
    const now = this.options.clock.now();
    const inserted = await this.writes.insert({
      id: event.key,
      event: event.kind,
      fields: JSON.stringify({
        platform: event.platform,
        chatId: event.chatId,
        userId: event.userId,
        action: event.action,
        orderId: event.orderId,
        text: event.text,
      }),
      received_at: new Date(now),
      chat_id: event.chatId ?? null,
      next_attempt_at: new Date(now + (this.options.processDelayMs ?? 500)),
    });
    // The staff member's customer list changed: drop it at once, before the platform gets its
    // answer (if the cache is unreachable now, the worker's retries of the stored event do it).
    if (event.kind === 'contacts_changed' && event.userId) {
      await this.options.hooks.contactsChanged(event.platform, event.userId).catch((err: unknown) => {
        this.options.logger.warn(
          { reason: (err as Error).message },
          'customer list not dropped yet; retried by the worker',
        );
      });
    }
    if (inserted) setTimeout(() => this.worker.nudge(), this.options.processDelayMs ?? 500).unref();
    return inserted;
  }

  private async process(row: LeasedRow<'callback_events'>): Promise<'done' | 'retry'> {
    const event = this.eventOf(row);
    if (!event) return 'done';
    const { hooks } = this.options;
    switch (event.kind) {
      case 'contacts_changed':
        if (event.userId) await hooks.contactsChanged(event.platform, event.userId);
        return 'done';
      case 'staff_left':
        if (event.userId) await hooks.staffLeft(event.platform, event.userId);
        return 'done';
      case 'route_event':
        return hooks.routeEvent ? hooks.routeEvent(event) : 'done';
      case 'group_dismissed':
        return event.chatId ? this.options.sync(event.platform).dismissed(event.chatId) : 'done';
      case 'group_changed':
      case 'verify_binding':
        if (!event.chatId) return 'done';
        if (await this.coalescedAlready(row)) return 'done';
        await this.coalesce(row, event.chatId);
        return this.options.sync(event.platform).sync(event.chatId);
    }
  }

  /** Another event's re-read of the same chat covered this one meanwhile (see `coalesce`). */
  private async coalescedAlready(row: LeasedRow<'callback_events'>): Promise<boolean> {
    const current = await this.options.db
      .selectFrom('callback_events')
      .select('done_at')
      .where('id', '=', row.id)
      .executeTakeFirst();
    return current?.done_at != null;
  }

  /**
   * A burst of events for one chat (customers scanning a join QR one after another) needs one
   * re-read, not one each: the read about to start covers every pending change event of the chat
   * received before it, so those are marked done (unless another worker holds them right now).
   */
  private async coalesce(row: LeasedRow<'callback_events'>, chatId: string): Promise<void> {
    const now = new Date(this.options.clock.now());
    await this.options.db
      .updateTable('callback_events')
      .set({ done_at: now, last_error: null })
      .where('chat_id', '=', chatId)
      .where('id', '!=', row.id)
      .where('event', 'in', ['group_changed', 'verify_binding'])
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('received_at', '<=', now)
      .where((eb) =>
        eb.or([
          eb('lease_until', 'is', null),
          eb('lease_until', '<', now),
          ...(row.lease_owner ? [eb('lease_owner', '=', row.lease_owner)] : []),
        ]),
      )
      .execute();
  }

  private eventOf(row: LeasedRow<'callback_events'>): PlatformEvent | null {
    const fields = JSON.parse(row.fields) as Record<string, string>;
    if (!KINDS.has(row.event)) return this.options.legacy?.(row.event, fields) ?? null;
    const { platform, chatId, userId, action, orderId, text } = fields as Partial<Record<string, string>>;
    return {
      key: row.id,
      platform: (platform as PlatformId | undefined) ?? 'wecom',
      kind: row.event as PlatformEvent['kind'],
      ...(chatId ? { chatId } : {}),
      ...(userId ? { userId } : {}),
      ...(action ? { action } : {}),
      ...(orderId ? { orderId } : {}),
      ...(text !== undefined ? { text } : {}),
    };
  }
}

/** A database refusing the event's values (SQLSTATE class 22): no retry can mend it. */
function isDataException(err: unknown): boolean {
  const sqlState = (err as { code?: unknown } | null)?.code;
  return typeof sqlState === 'string' && sqlState.startsWith('22');
}
