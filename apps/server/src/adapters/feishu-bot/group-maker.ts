import { createHash } from 'node:crypto';
import { isFeishuError, type FeishuClient } from '@kequn/feishu';
import type { Clock, Logger } from '@kequn/upstream';
import type { Db } from '../../db/schema';
import { bindChat, findBinding, type BindingRecord } from '../../groups/binding-store';
import { eventData, isUniqueViolation } from '../../groups/group-service';
import { syncMembers } from '../../groups/member-store';
import { findOrder } from '../../orders/order-store';
import type { Outbox } from '../../webhooks/events';
import { linkedCustomers, setProblem } from './codes';
import { CreateRate } from './create-rate';

export type EnsureResult = 'done' | 'retry';

const joined = (b: BindingRecord, openId: string) => ({
  orderId: b.orderId,
  chatId: b.chatId,
  platform: b.platform,
  route: b.route,
  via: 'feishu_bot',
  member: { id: openId, type: 'customer', name: null },
});

/**
 * Makes an order's Feishu group once it has staff and a linked customer [platform-facts §14]:
 * owner = the first staff member, members = staff + customers, external and private. The `uuid`
 * is derived from the order and its group generation, so a retry (232068, a lost answer, a crash)
 * gets the same chat back instead of a second one. A group that exists gets the customers who
 * linked later. 232043 (someone the bot cannot reach) is kept on the order with what to do.
 */
export class GroupMaker {
  private readonly rate: CreateRate;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      logger: Logger;
      outbox: Outbox;
      client: FeishuClient;
      notifyOwner(ownerOpenId: string, chatId: string, title: string): Promise<void>;
    },
  ) {
    this.rate = new CreateRate(deps.clock);
  }

  async ensure(orderId: string): Promise<EnsureResult> {
    const { db } = this.deps;
    const order = await findOrder(db, orderId);
    if (!order || order.platform !== 'feishu' || order.closedAt) return 'done';
    const customers = [
      ...new Set([...(order.customerOpenId ? [order.customerOpenId] : []), ...(await linkedCustomers(db, orderId))]),
    ];
    const [owner, ...others] = order.staffUserIds;
    if (!owner || customers.length === 0) return 'done';
    const binding = await findBinding(db, orderId);
    if (binding?.chatId && binding.status !== 'dismissed') return this.addLate(orderId, binding.chatId, customers);
    return this.create(orderId, { owner, staff: others, customers, name: order.groupName ?? order.title });
  }

  private async create(
    orderId: string,
    plan: { owner: string; staff: string[]; customers: string[]; name: string },
  ): Promise<EnsureResult> {
    const { db, client, outbox, logger } = this.deps;
    const generation = await db
      .selectFrom('dismissed_groups')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    const uuid = `kq${createHash('sha256').update(`${orderId}:${generation.n}`).digest('hex').slice(0, 40)}`;
    await this.rate.take();
    let chatId: string;
    try {
      const members = [...plan.staff, ...plan.customers];
      chatId = (
        await client.createChat({ uuid, ownerOpenId: plan.owner, memberOpenIds: members, name: plan.name.slice(0, 60) })
      ).chatId;
    } catch (err) {
      return this.failed(orderId, err);
    }
    const now = new Date(this.deps.clock.now());
    let bound = false;
    try {
      bound = await db.transaction().execute(async (trx) => {
        const row = await bindChat(trx, {
          orderId,
          chatId,
          userId: plan.owner,
          now,
          platform: 'feishu',
          route: 'feishu_bot',
        });
        if (!row) return false;
        await outbox.add(trx, 'group.created', eventData(row), now);
        const seen = [
          ...[plan.owner, ...plan.staff].map((id) => ({ id, type: 'staff' as const, name: null, joinedAt: now })),
          ...plan.customers.map((id) => ({ id, type: 'customer' as const, name: null, joinedAt: now })),
        ];
        await syncMembers(trx, chatId, seen, now);
        for (const id of plan.customers) await outbox.add(trx, 'group.member_joined', joined(row, id), now);
        return true;
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    await setProblem(db, orderId, null);
    if (bound) {
      outbox.committed();
      logger.info({ orderId, chatId }, 'feishu group created');
      await this.deps
        .notifyOwner(plan.owner, chatId, plan.name)
        .catch((err: unknown) => logger.warn({ orderId, err: (err as Error).message }, 'feishu owner not told'));
    }
    return 'done';
  }

  private async addLate(orderId: string, chatId: string, customers: string[]): Promise<EnsureResult> {
    const members = await this.deps.db
      .selectFrom('group_members')
      .select('member_id')
      .where('chat_id', '=', chatId)
      .where('left_at', 'is', null)
      .execute();
    const present = new Set(members.map((m) => m.member_id));
    const missing = customers.filter((id) => !present.has(id));
    if (missing.length === 0) return 'done';
    try {
      const result = await this.deps.client.addMembers(chatId, missing);
      const refused = new Set([...result.invalid, ...result.notExisted, ...result.pending]);
      const now = new Date(this.deps.clock.now());
      const added = missing.filter((id) => !refused.has(id));
      const current = [...present].map((id) => ({ id, type: 'staff' as const, name: null, joinedAt: null }));
      if (added.length > 0) {
        const binding = await findBinding(this.deps.db, orderId);
        await this.deps.db.transaction().execute(async (trx) => {
          await syncMembers(
            trx,
            chatId,
            [...current, ...added.map((id) => ({ id, type: 'customer' as const, name: null, joinedAt: now }))],
            now,
          );
          if (binding)
            for (const id of added) await this.deps.outbox.add(trx, 'group.member_joined', joined(binding, id), now);
        });
        this.deps.outbox.committed();
      }
      return 'done';
    } catch (err) {
      return this.failed(orderId, err);
    }
  }

  /** Retry what Feishu says to try later; keep what a person must fix on the order. */
  private async failed(orderId: string, err: unknown): Promise<EnsureResult> {
    if (!isFeishuError(err)) throw err;
    if (err.retryable) return 'retry';
    if (err.kind === 'input' || err.kind === 'permission') {
      const who = err.ids?.length ? ` (${err.ids.join(', ')})` : '';
      await setProblem(this.deps.db, orderId, { code: err.code, message: `${err.message}${who} ${err.fix}` });
      this.deps.logger.warn({ orderId, code: err.code }, 'feishu group not made');
      return 'done';
    }
    throw err;
  }
}
