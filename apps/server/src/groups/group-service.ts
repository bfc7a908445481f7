import type { GroupBinding, GroupIntent } from '@kequn/contracts';
import type { Clock } from '@kequn/upstream';
import type { Db } from '../db/schema';
import { ApiError } from '../http/api-error';
import type { Outbox } from '../webhooks/events';
import {
  acquireIntent,
  archiveDismissed,
  awaitCallback,
  bindChat,
  findBinding,
  findBindingByChat,
  isLeaseLive,
  releaseIntent,
  wasDismissed,
  type BindingRecord,
} from './binding-store';
import { chatNotFound, checkChatForStaff } from './bind-check';
import { intentOf, toGroupBinding } from './group-view';
import type { GroupRead } from './ports';

export interface GroupServiceOptions {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  /** What WeCom says about a chat now (groupchat/get): a bind is checked against it. */
  readChat: (chatId: string) => Promise<GroupRead>;
  /** A chat bound before WeCom showed it: have it re-read until verified or dropped. */
  verifyLater?: (chatId: string) => Promise<void>;
  /** Re-reads of a chat WeCom does not show yet (tests shorten them). */
  verifyWaitsMs?: readonly number[];
  /** How long one press holds "creating" (other presses and devices get 409). */
  intentLeaseMs?: number;
  /** How long a group reported without chatId may take to show up in a callback. */
  awaitWindowMs?: number;
}

export const groupExists = (chatId: string | null) =>
  new ApiError(409, 'group_exists', `This order already has a group${chatId ? ` (${chatId})` : ''}.`, { chatId });

const creationInProgress = (b: BindingRecord) =>
  new ApiError(409, 'creation_in_progress', `${b.createdBy} is creating the group right now; try again shortly.`, {
    ...intentOf(b),
  });

const chatBoundElsewhere = () =>
  new ApiError(409, 'chat_bound_elsewhere', 'This chat is already the group of another order.');

const groupDismissed = () =>
  new ApiError(409, 'group_dismissed', 'This group was dismissed in WeCom; create a new group for the order.');

/** The staff actions on an order's group: the creation lease and binding a chat. */
export class GroupService {
  private readonly intentLeaseMs: number;
  private readonly awaitWindowMs: number;

  constructor(private readonly options: GroupServiceOptions) {
    this.intentLeaseMs = options.intentLeaseMs ?? 2 * 60_000;
    this.awaitWindowMs = options.awaitWindowMs ?? 5 * 60_000;
  }

  private now(): Date {
    return new Date(this.options.clock.now());
  }

  async startIntent(orderId: string, userId: string, customerIds: string[], token?: string): Promise<GroupIntent> {
    const now = this.now();
    const { acquired, binding } = await this.options.db.transaction().execute(async (trx) => {
      await archiveDismissed(trx, orderId);
      return acquireIntent(trx, { orderId, userId, now, leaseMs: this.intentLeaseMs, customerIds, token });
    });
    if (acquired) return intentOf(binding);
    if (binding.chatId !== null || binding.status !== 'creating') throw groupExists(binding.chatId);
    // Not acquired and still creating: someone's lease is live.
    throw creationInProgress(binding);
  }

  async cancelIntent(orderId: string, userId: string, token?: string): Promise<boolean> {
    return releaseIntent(this.options.db, orderId, userId, token);
  }

  /**
   * Binds `chatId` (201), repeats idempotently (200), or 409 when another chat is bound. The chat
   * must be, as WeCom shows it, a customer group with the staff member as owner or member; one
   * WeCom does not show yet is bound unverified (202, nothing of it shown or sent) only for the
   * staff member holding the order's creation lease — it was just made — until WeCom shows it.
   */
  async bind(
    orderId: string,
    userId: string,
    chatId: string,
  ): Promise<{ created: boolean; verified: boolean; group: GroupBinding }> {
    const { db, outbox } = this.options;
    const already = await findBinding(db, orderId);
    // What the order's own state decides needs no WeCom read (it is re-checked in the transaction).
    if (already?.chatId === chatId) {
      if (already.status === 'dismissed') throw groupDismissed();
      return { created: false, verified: already.verifiedAt !== null, group: await this.current(orderId) };
    }
    if (await wasDismissed(db, chatId)) throw groupDismissed();
    if (already?.chatId && already.status !== 'dismissed') throw groupExists(already.chatId);
    const check = await checkChatForStaff(
      { read: this.options.readChat, ...(this.options.verifyWaitsMs ? { waitsMs: this.options.verifyWaitsMs } : {}) },
      chatId,
      userId,
    );
    if (check.verdict === 'refused') throw check.error;
    const verified = check.verdict === 'verified';
    const now = this.now();
    if (
      !verified &&
      !(already && already.chatId === null && already.createdBy === userId && isLeaseLive(already, now))
    ) {
      throw chatNotFound();
    }
    let created: boolean;
    try {
      created = await db.transaction().execute(async (trx) => {
        const holder = await findBindingByChat(trx, chatId);
        if (holder && holder.orderId !== orderId) throw chatBoundElsewhere();
        if (holder?.status === 'dismissed' || (await wasDismissed(trx, chatId))) throw groupDismissed();
        await archiveDismissed(trx, orderId);
        const bound = await bindChat(trx, { orderId, chatId, userId, now, verified });
        if (bound) {
          if (verified) await outbox.add(trx, 'group.created', eventData(bound), now);
          return true;
        }
        const existing = await findBinding(trx, orderId);
        if (existing?.chatId === chatId) return false;
        throw groupExists(existing?.chatId ?? null);
      });
    } catch (err) {
      // Two orders binding the same chat at the same moment: the unique index decides.
      if (isUniqueViolation(err)) throw chatBoundElsewhere();
      throw err;
    }
    if (created && verified) outbox.committed();
    if (created && !verified) await this.options.verifyLater?.(chatId);
    return { created, verified, group: await this.current(orderId) };
  }

  /**
   * An old client created the group but returned no chatId: keep the creation window open so
   * WeCom's callback can bind it. `bound` when the callback already did.
   */
  async expectCallback(
    orderId: string,
    userId: string,
    customerIds: string[],
  ): Promise<{ bound: boolean; group: GroupBinding }> {
    const now = this.now();
    const waiting = await awaitCallback(this.options.db, {
      orderId,
      userId,
      now,
      windowMs: this.awaitWindowMs,
      customerIds,
    });
    return { bound: waiting === null, group: await this.current(orderId) };
  }

  private async current(orderId: string): Promise<GroupBinding> {
    const binding = await findBinding(this.options.db, orderId);
    const group = binding ? await toGroupBinding(this.options.db, binding, this.now()) : null;
    if (!group) throw new Error(`order ${orderId} has no group right after binding`);
    return group;
  }
}

export function eventData(b: BindingRecord): Record<string, unknown> {
  return {
    orderId: b.orderId,
    chatId: b.chatId,
    status: b.status,
    createdBy: b.createdBy,
    platform: b.platform,
    route: b.route,
  };
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
