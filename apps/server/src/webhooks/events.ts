import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/schema';

export type WebhookEventType =
  | 'group.created'
  | 'group.confirmed'
  | 'group.member_joined'
  | 'group.member_left'
  | 'group.dismissed'
  /** A handover moved the group to a new owner (staff left or changed job). */
  | 'group.owner_changed'
  /** The shell-group pool fell below its low-water mark (once per crossing). */
  | 'pool.low'
  /** A group reached the member count where joining by QR stops. */
  | 'group.qr_full';

export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: Record<string, unknown>;
}

/**
 * Records webhook events in the outbox inside the caller's transaction, so an event exists
 * exactly when the change it reports was committed. Without WEBHOOK_URL nothing is recorded.
 */
export class Outbox {
  private readonly listeners = new Set<() => void>();

  constructor(readonly enabled: boolean) {}

  async add(db: Executor, type: WebhookEventType, data: Record<string, unknown>, now: Date): Promise<void> {
    await this.addMany(db, [{ type, data }], now);
  }

  /** Several events in one statement (a re-read that found many members joined). */
  async addMany(
    db: Executor,
    events: ReadonlyArray<{ type: WebhookEventType; data: Record<string, unknown> }>,
    now: Date,
  ): Promise<void> {
    if (!this.enabled || events.length === 0) return;
    const rows = events.map(({ type, data }) => {
      const event: WebhookEvent = { id: `evt_${randomUUID()}`, type, createdAt: now.toISOString(), data };
      return { id: event.id, event_type: type, payload: JSON.stringify(event), created_at: now, next_attempt_at: now };
    });
    await db.insertInto('webhook_outbox').values(rows).execute();
  }

  /** Called after a commit that added events: the deliverer need not wait for its next poll. */
  committed(): void {
    for (const listener of this.listeners) listener();
  }

  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
