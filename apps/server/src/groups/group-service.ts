import type { GroupBinding, GroupIntent } from '@kequn/contracts';
import type { Clock } from '@kequn/wecom';
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
  releaseIntent,
  wasDismissed,
  type BindingRecord,
} from './binding-store';
import { intentOf, toGroupBinding } from './group-view';

export interface GroupServiceOptions {
  db: Db;
  clock: Clock;
  outbox: Outbox;
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

  /** Binds `chatId` (201), repeats idempotently (200), or 409 when another chat is bound. */
  async bind(orderId: string, userId: string, chatId: string): Promise<{ created: boolean; group: GroupBinding }> {
    const { db, outbox } = this.options;
    const now = this.now();
    let created: boolean;
    try {
      created = await db.transaction().execute(async (trx) => {
        const holder = await findBindingByChat(trx, chatId);
        if (holder && holder.orderId !== orderId) throw chatBoundElsewhere();
        if (holder?.status === 'dismissed' || (await wasDismissed(trx, chatId))) throw groupDismissed();
        await archiveDismissed(trx, orderId);
        const bound = await bindChat(trx, { orderId, chatId, userId, now });
        if (bound) {
          await outbox.add(trx, 'group.created', eventData(bound), now);
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
    if (created) outbox.committed();
    return { created, group: await this.current(orderId) };
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
  return { orderId: b.orderId, chatId: b.chatId, status: b.status, createdBy: b.createdBy };
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
