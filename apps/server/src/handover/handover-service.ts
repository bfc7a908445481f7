import { randomUUID } from 'node:crypto';
import type { Handover } from '@kequn/contracts';
import type { Clock, Logger } from '@kequn/upstream';
import type { Db } from '../db/schema';
import type { PlatformId } from '../groups/ports';
import type { Outbox } from '../webhooks/events';
import {
  applyNewOwner,
  createHandover,
  finishIfDone,
  groupsOwnedBy,
  pendingGroups,
  readHandover,
  recordResult,
  type PendingGroup,
} from './handover-store';
import type { HandoverReason, OwnerTransfer } from './owner-transfer';

/** Retries of a group the platform said to try later (in progress, a rate or daily limit), across runs. */
const MAX_ATTEMPTS = 3;

/**
 * 群归企业: when a staff member leaves or changes job, the groups they own move to a successor
 * through their platform's owner transfer (picked by the binding's platform), in calls of at most
 * its `batchSize` chats, each group's result kept; a run again (retry) sends only groups still
 * pending, so nothing moves twice. Moved groups: the order's staff list and the binding's owner
 * follow, and the business system gets `group.owner_changed`.
 */
export class HandoverService {
  private readonly transfers: ReadonlyMap<PlatformId, OwnerTransfer>;

  constructor(
    private readonly deps: { db: Db; clock: Clock; logger: Logger; outbox: Outbox; transfers: OwnerTransfer[] },
  ) {
    this.transfers = new Map(deps.transfers.map((t) => [t.platform, t]));
  }

  /** `platform`: only that platform's groups (a platform's own "staff left" callback). */
  async start(input: {
    from: string;
    to: string | null;
    reason: HandoverReason;
    requestedBy: string;
    platform?: PlatformId;
  }): Promise<Handover> {
    const { db } = this.deps;
    const { platform, ...handover } = input;
    const platforms = [...this.transfers.keys()].filter((p) => !platform || p === platform);
    const id = `ho_${randomUUID()}`;
    const now = new Date(this.deps.clock.now());
    await db.transaction().execute(async (trx) => {
      const groups = await groupsOwnedBy(trx, input.from, input.to, platforms);
      await createHandover(trx, { id, ...handover, now }, groups);
    });
    return this.run(id);
  }

  /** Sends what is still pending; returns the handover as it stands after. */
  async run(id: string): Promise<Handover> {
    const { db, logger } = this.deps;
    const handover = await readHandover(db, id);
    if (!handover) throw new Error(`no handover ${id}`);
    const batches = new Map<string, { transfer: OwnerTransfer; to: string; groups: PendingGroup[] }>();
    for (const g of await pendingGroups(db, id)) {
      const transfer = this.transfers.get(g.platform);
      if (!transfer) continue; // that platform is not configured now: the group stays pending
      const key = `${g.platform}\u0000${g.to}`;
      const batch = batches.get(key) ?? { transfer, to: g.to, groups: [] };
      batch.groups.push(g);
      batches.set(key, batch);
    }
    for (const { transfer, to, groups } of batches.values()) {
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
    batch: PendingGroup[],
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
        await recordResult(trx, handover.id, group.platform, result, group.attempts + 1 >= MAX_ATTEMPTS, now);
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
            platform: group.platform,
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
