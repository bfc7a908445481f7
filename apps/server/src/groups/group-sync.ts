import type { Clock, Logger } from '@kequn/upstream';
import type { Db, Executor } from '../db/schema';
import type { Outbox } from '../webhooks/events';
import {
  confirmBinding,
  dismissBinding,
  dropUnverified,
  findBindingByChat,
  markVerified,
  type BindingRecord,
} from './binding-store';
import { staffIsIn } from './bind-check';
import { eventData } from './group-service';
import { syncMembers, type SeenMember } from './member-store';
import type { ClaimResult, GroupChat, GroupReader, GroupRoute } from './ports';

/** done: nothing more to do; retry: an intent is open and the page may bind the chat in a moment. */
export type SyncResult = 'done' | 'retry';

/** How old a binding must be before "no such chat" from the platform counts as a dismissal. */
const GONE_GRACE_MS = 60_000;

/**
 * Applies what the platform says about a group to its binding. Never trusts event deltas: every event
 * (and the reconcile) re-reads groupchat/get and records the difference, so lost, repeated and
 * reordered events all end in the same state.
 */
export class GroupSync {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      outbox: Outbox;
      reader: GroupReader;
      routes: readonly GroupRoute[];
      logger: Logger;
    },
  ) {}

  /** A dismiss event is final (a dismissed group never returns), so it is applied as is. */
  async dismissed(chatId: string): Promise<SyncResult> {
    const { db, outbox } = this.deps;
    const now = new Date(this.deps.clock.now());
    const changed = await db.transaction().execute(async (trx) => {
      const binding = await findBindingByChat(trx, chatId);
      if (!binding || !(await dismissBinding(trx, binding.orderId, chatId, now))) return false;
      await outbox.add(trx, 'group.dismissed', { ...eventData(binding), status: 'dismissed' }, now);
      return true;
    });
    if (changed) outbox.committed();
    return 'done';
  }

  /**
   * The platform no longer has the chat: it was dismissed, also when the dismiss event was lost. A group
   * bound moments ago is given time first, in case the platform's read lags behind its creation.
   */
  private async gone(chatId: string): Promise<SyncResult> {
    const binding = await findBindingByChat(this.deps.db, chatId);
    if (binding && this.deps.clock.now() - binding.createdAt.getTime() < GONE_GRACE_MS) return 'retry';
    if (binding && binding.verifiedAt === null) {
      // Never shown by the platform: it was no group (or a made-up id), so there is nothing to dismiss.
      await dropUnverified(this.deps.db, binding.orderId, chatId);
      this.deps.logger.warn(
        { orderId: binding.orderId, chatId },
        'unverified binding dropped: the platform has no such chat',
      );
      return 'done';
    }
    return this.dismissed(chatId);
  }

  async sync(chatId: string): Promise<SyncResult> {
    const read = await this.deps.reader.read(chatId);
    if (read.state === 'gone') return this.gone(chatId);
    if (read.state === 'unreadable') {
      this.deps.logger.info({ chatId }, 'group not readable on its platform; skipped');
      return 'done';
    }
    const chat = read.chat;
    const { db, outbox } = this.deps;
    const now = new Date(this.deps.clock.now());
    const { result, events } = await db.transaction().execute(async (trx) => {
      const bound = await findBindingByChat(trx, chatId, true);
      const claimed = bound ? { bound } : await this.claim(trx, chat, now);
      if (!claimed || claimed === 'retry') return { result: claimed ? 'retry' : 'done', events: 0 } as const;
      return { result: 'done', events: await this.apply(trx, claimed.bound, chat, now) } as const;
    });
    if (events > 0) outbox.committed();
    return result;
  }

  /** A group nobody bound yet: each route may know its order (or ask to look again shortly). */
  private async claim(trx: Executor, chat: GroupChat, now: Date): Promise<ClaimResult> {
    let retry = false;
    for (const route of this.deps.routes) {
      const result = (await route.claim?.(trx, chat, now)) ?? null;
      if (result && result !== 'retry') return result;
      retry ||= result === 'retry';
    }
    return retry ? 'retry' : null;
  }

  /** Confirms the binding and records member changes; returns how many events it queued. */
  private async apply(trx: Executor, binding: BindingRecord, chat: GroupChat, now: Date): Promise<number> {
    const { outbox } = this.deps;
    if (binding.status === 'dismissed') return 0;
    let events = 0;
    if (binding.verifiedAt === null) {
      if (!staffIsIn(chat, binding.createdBy)) {
        await dropUnverified(trx, binding.orderId, chat.chatId);
        this.deps.logger.warn(
          { orderId: binding.orderId, chatId: chat.chatId },
          'unverified binding dropped: its binder is not in the group',
        );
        return 0;
      }
      await markVerified(trx, binding.orderId, now);
      await outbox.add(trx, 'group.created', eventData(binding), now);
      events += 1;
    }
    const base = { orderId: binding.orderId, chatId: chat.chatId, platform: binding.platform, route: binding.route };
    if (binding.status === 'created' && (await confirmBinding(trx, binding.orderId, now))) {
      await outbox.add(
        trx,
        'group.confirmed',
        { ...eventData(binding), chatId: chat.chatId, status: 'confirmed' },
        now,
      );
      events += 1;
    }
    const { joined, left } = await syncMembers(trx, chat.chatId, chat.members, now);
    const via = new Map<string, Record<string, unknown>>();
    for (const route of this.deps.routes) {
      if (!route.observe) continue;
      const seen = await route.observe(trx, { binding, chat, joined, now });
      events += seen.events;
      for (const [id, data] of seen.joinedVia ?? []) via.set(id, { ...via.get(id), ...data });
    }
    const changes = [
      ...joined.filter(isCustomer).map((m) => ({
        type: 'group.member_joined' as const,
        data: { ...base, member: memberData(m), ...via.get(m.id) },
      })),
      ...left.filter(isCustomer).map((m) => ({
        type: 'group.member_left' as const,
        data: { ...base, member: memberData(m) },
      })),
    ];
    await outbox.addMany(trx, changes, now);
    return events + changes.length;
  }
}

const isCustomer = (m: SeenMember) => m.type === 'customer';

const memberData = (m: SeenMember) => ({ id: m.id, type: m.type, name: m.name });
