import type { Clock, Logger } from '@kequn/wecom';
import type { WecomAccess } from '../customers/wecom-contacts';
import type { Db, Executor } from '../db/schema';
import type { Outbox } from '../webhooks/events';
import {
  bindFromCallback,
  confirmBinding,
  dismissBinding,
  dropUnverified,
  findBindingByChat,
  markVerified,
  hasLiveIntent,
  windowCandidates,
  type BindingRecord,
} from './binding-store';
import { staffIsIn } from './bind-check';
import { eventData } from './group-service';
import { syncMembers, type SeenMember } from './member-store';
import { readGroupChat, type GroupChat } from './wecom-groups';

/** done: nothing more to do; retry: an intent is open and the page may bind the chat in a moment. */
export type SyncResult = 'done' | 'retry';

/** How old a binding must be before "no such chat" from WeCom counts as a dismissal. */
const GONE_GRACE_MS = 60_000;

/** WeCom's create_time is in seconds and clocks differ a little. */
const WINDOW_SLACK_MS = 30_000;

/**
 * Applies what WeCom says about a group to its binding. Never trusts event deltas: every event
 * (and the reconcile) re-reads groupchat/get and records the difference, so lost, repeated and
 * reordered events all end in the same state.
 */
export class GroupSync {
  constructor(private readonly deps: { db: Db; clock: Clock; outbox: Outbox; wecom: WecomAccess; logger: Logger }) {}

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
   * WeCom no longer has the chat: it was dismissed, also when the dismiss event was lost. A group
   * bound moments ago is given time first, in case WeCom's read lags behind its creation.
   */
  private async gone(chatId: string): Promise<SyncResult> {
    const binding = await findBindingByChat(this.deps.db, chatId);
    if (binding && this.deps.clock.now() - binding.createdAt.getTime() < GONE_GRACE_MS) return 'retry';
    if (binding && binding.verifiedAt === null) {
      // Never shown by WeCom: it was no group (or a made-up id), so there is nothing to dismiss.
      await dropUnverified(this.deps.db, binding.orderId, chatId);
      this.deps.logger.warn({ orderId: binding.orderId, chatId }, 'unverified binding dropped: WeCom has no such chat');
      return 'done';
    }
    return this.dismissed(chatId);
  }

  async sync(chatId: string): Promise<SyncResult> {
    const read = await readGroupChat(this.deps.wecom, chatId);
    if (read.state === 'gone') return this.gone(chatId);
    if (read.state === 'unreadable') {
      this.deps.logger.info({ chatId }, 'group not readable in WeCom; skipped');
      return 'done';
    }
    const chat = read.chat;
    const { db, outbox } = this.deps;
    const now = new Date(this.deps.clock.now());
    const { result, events } = await db.transaction().execute(async (trx) => {
      const binding = (await findBindingByChat(trx, chatId, true)) ?? (await this.bindFromWindow(trx, chat, now));
      if (!binding)
        return { result: (await hasLiveIntent(trx, chat.owner, now)) ? 'retry' : 'done', events: 0 } as const;
      return { result: 'done', events: await this.apply(trx, binding, chat, now) } as const;
    });
    if (events > 0) outbox.committed();
    return result;
  }

  /**
   * A group nobody bound yet: the order whose creation window (intent … lease end) contains the
   * group's creation, pressed by the group's owner, whose customer is in the group. When the
   * order's customer is not known, only a creation reported without chatId qualifies.
   */
  private async bindFromWindow(trx: Executor, chat: GroupChat, now: Date): Promise<BindingRecord | null> {
    const candidates = await windowCandidates(trx, {
      owner: chat.owner,
      createdAt: chat.createTime,
      slackMs: WINDOW_SLACK_MS,
    });
    const memberIds = new Set(chat.members.map((m) => m.id));
    const match = candidates.find((c) =>
      c.customerIds.length > 0 ? c.customerIds.some((id) => memberIds.has(id)) : c.awaitingCallback,
    );
    if (!match || !(await bindFromCallback(trx, match.orderId, chat.chatId, now))) return null;
    const bound: BindingRecord = { ...match, chatId: chat.chatId, status: 'created', createdAt: now, verifiedAt: now };
    await this.deps.outbox.add(trx, 'group.created', eventData(bound), now);
    this.deps.logger.info({ orderId: match.orderId, chatId: chat.chatId }, 'group bound from WeCom callback');
    return bound;
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
    const base = { orderId: binding.orderId, chatId: chat.chatId };
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
    for (const m of joined.filter(isCustomer)) {
      await outbox.add(trx, 'group.member_joined', { ...base, member: memberData(m) }, now);
      events += 1;
    }
    for (const m of left.filter(isCustomer)) {
      await outbox.add(trx, 'group.member_left', { ...base, member: memberData(m) }, now);
      events += 1;
    }
    return events;
  }
}

const isCustomer = (m: SeenMember) => m.type === 'customer';

const memberData = (m: SeenMember) => ({ id: m.id, type: m.type, name: m.name });
