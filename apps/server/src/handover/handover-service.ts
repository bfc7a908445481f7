import { randomUUID } from 'node:crypto';
import type { Handover } from '@kequn/contracts';
import type { Clock, Logger } from '@kequn/upstream';
import type { Db } from '../db/schema';
import type { Outbox } from '../webhooks/events';
import {
  applyNewOwner,
  createHandover,
  finishIfDone,
  groupsOwnedBy,
  pendingGroups,
  readHandover,
  recordResult,
} from './handover-store';
import type { HandoverReason, OwnerTransfer } from './owner-transfer';

/** Retries of a group WeCom said to try later (in progress, the daily limit), across runs. */
const MAX_ATTEMPTS = 3;

/**
 * 群归企业: when a staff member leaves or changes job, the groups they own move to a successor
 * in calls of at most `batchSize` chats, each group's result kept; a run again (retry) sends only
 * groups still pending, so nothing moves twice. Moved groups: the order's staff list and the
 * binding's owner follow, and the business system gets `group.owner_changed`.
 */
export class HandoverService {
  constructor(
    private readonly deps: { db: Db; clock: Clock; logger: Logger; outbox: Outbox; transfer: OwnerTransfer },
  ) {}

  async start(input: {
    from: string;
    to: string | null;
    reason: HandoverReason;
    requestedBy: string;
  }): Promise<Handover> {
    const { db } = this.deps;
    const id = `ho_${randomUUID()}`;
    const now = new Date(this.deps.clock.now());
    await db.transaction().execute(async (trx) => {
      await createHandover(trx, { id, ...input, now }, await groupsOwnedBy(trx, input.from, input.to));
    });
    return this.run(id);
  }

  /** Sends what is still pending; returns the handover as it stands after. */
  async run(id: string): Promise<Handover> {
    const { db, transfer, logger } = this.deps;
    const handover = await readHandover(db, id);
    if (!handover) throw new Error(`no handover ${id}`);
    const pending = await pendingGroups(db, id);
    const byTo = new Map<string, typeof pending>();
    for (const g of pending) byTo.set(g.to, [...(byTo.get(g.to) ?? []), g]);
    for (const [to, groups] of byTo) {
      for (let i = 0; i < groups.length; i += transfer.batchSize) {
        const batch = groups.slice(i, i + transfer.batchSize);
        const results = await transfer.transfer(
          batch.map((g) => g.chatId),
          to,
          handover.reason,
        );
        await this.record(handover, batch, results, to);
      }
    }
    await finishIfDone(db, id, new Date(this.deps.clock.now()));
    const after = (await readHandover(db, id)) as Handover;
    logger.info({ handoverId: id, from: handover.from, ...after.counts }, 'handover run');
    return after;
  }

  private async record(
    handover: Handover,
    batch: Array<{ chatId: string; orderId: string; attempts: number }>,
    results: Awaited<ReturnType<OwnerTransfer['transfer']>>,
    to: string,
  ): Promise<void> {
    const { db, outbox } = this.deps;
    const now = new Date(this.deps.clock.now());
    let events = 0;
    await db.transaction().execute(async (trx) => {
      for (const result of results) {
        const group = batch.find((g) => g.chatId === result.chatId);
        if (!group) continue;
        await recordResult(trx, handover.id, result, group.attempts + 1 >= MAX_ATTEMPTS, now);
        if (!result.ok) continue;
        const binding = await applyNewOwner(trx, {
          orderId: group.orderId,
          chatId: group.chatId,
          from: handover.from,
          to,
        });
        await outbox.add(
          trx,
          'group.owner_changed',
          {
            orderId: group.orderId,
            chatId: group.chatId,
            from: handover.from,
            to,
            reason: handover.reason,
            platform: 'wecom',
            route: binding?.route ?? null,
          },
          now,
        );
        events += 1;
      }
    });
    if (events > 0) outbox.committed();
  }

  read(id: string): Promise<Handover | null> {
    return readHandover(this.deps.db, id);
  }
}
