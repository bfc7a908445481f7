import type { Handover, HandoverGroup } from '@kequn/contracts';
import type { Selectable } from 'kysely';
import type { Executor, HandoverGroupsTable } from '../db/schema';
import type { PlatformId } from '../groups/ports';
import type { HandoverReason, TransferResult } from './owner-transfer';

/** A group the departing person owns, with the order it serves and who should take it. */
export interface PlannedGroup {
  platform: PlatformId;
  chatId: string;
  orderId: string;
  to: string | null;
}

/** A group still to send, with its platform (which picks the owner transfer). */
export type PendingGroup = HandoverGroup & { platform: PlatformId };

/**
 * The live, verified groups on `platforms` owned by `from` (its creator, unless a handover moved
 * it), each with its successor: `to`, else the order's next staff member who is not `from`.
 */
export async function groupsOwnedBy(
  db: Executor,
  from: string,
  to: string | null,
  platforms: readonly PlatformId[],
): Promise<PlannedGroup[]> {
  if (platforms.length === 0) return [];
  const rows = await db
    .selectFrom('bindings as b')
    .select(['b.chat_id', 'b.order_id', 'b.platform'])
    .where('b.platform', 'in', platforms)
    .where('b.status', 'in', ['created', 'confirmed'])
    .where('b.verified_at', 'is not', null)
    .where((eb) => eb(eb.fn.coalesce('b.owner_user_id', 'b.created_by'), '=', from))
    .orderBy('b.order_id')
    .execute();
  const planned = (r: (typeof rows)[number], successor: string | null): PlannedGroup => ({
    platform: r.platform,
    chatId: r.chat_id as string,
    orderId: r.order_id,
    to: successor,
  });
  if (to) return rows.map((r) => planned(r, to));
  const staff = await db
    .selectFrom('order_staff')
    .select(['order_id', 'user_id'])
    .where('order_id', 'in', rows.length ? rows.map((r) => r.order_id) : [''])
    .where('user_id', '<>', from)
    .orderBy('position')
    .execute();
  const next = new Map<string, string>();
  for (const s of staff) if (!next.has(s.order_id)) next.set(s.order_id, s.user_id);
  return rows.map((r) => planned(r, next.get(r.order_id) ?? null));
}

export async function createHandover(
  db: Executor,
  h: { id: string; from: string; to: string | null; reason: HandoverReason; requestedBy: string; now: Date },
  groups: PlannedGroup[],
): Promise<void> {
  await db
    .insertInto('handovers')
    .values({
      id: h.id,
      from_user: h.from,
      to_user: h.to,
      reason: h.reason,
      requested_by: h.requestedBy,
      created_at: h.now,
    })
    .execute();
  if (groups.length === 0) return;
  await db
    .insertInto('handover_groups')
    .values(
      groups.map((g) => ({
        handover_id: h.id,
        platform: g.platform,
        chat_id: g.chatId,
        order_id: g.orderId,
        to_user: g.to ?? '',
        state: g.to ? ('pending' as const) : ('failed' as const),
        error: g.to ? null : 'No successor: the order has no other staff member; hand it over with "to".',
        updated_at: h.now,
      })),
    )
    .execute();
}

export async function pendingGroups(db: Executor, handoverId: string): Promise<PendingGroup[]> {
  const rows = await db
    .selectFrom('handover_groups')
    .selectAll()
    .where('handover_id', '=', handoverId)
    .where('state', '=', 'pending')
    .orderBy('order_id')
    .execute();
  return rows.map((r) => ({ ...groupOf(r), platform: r.platform }));
}

/** Records one chat's result; a transferred group is never sent again. */
export async function recordResult(
  db: Executor,
  handoverId: string,
  platform: PlatformId,
  result: TransferResult,
  giveUp: boolean,
  now: Date,
): Promise<void> {
  const state = result.ok ? 'transferred' : result.retry && !giveUp ? 'pending' : 'failed';
  await db
    .updateTable('handover_groups')
    .set((eb) => ({
      state,
      errcode: result.ok ? null : (result.errcode ?? null),
      error: result.ok ? null : (result.error ?? null),
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('handover_id', '=', handoverId)
    .where('platform', '=', platform)
    .where('chat_id', '=', result.chatId)
    .where('state', '=', 'pending')
    .execute();
}

/** The group now belongs to `to`: the binding says so, and `to` takes `from`'s place on the order. */
export async function applyNewOwner(
  db: Executor,
  g: { orderId: string; chatId: string; from: string; to: string },
): Promise<{ route: string } | undefined> {
  const binding = await db
    .updateTable('bindings')
    .set({ owner_user_id: g.to })
    .where('order_id', '=', g.orderId)
    .where('chat_id', '=', g.chatId)
    .returning('route')
    .executeTakeFirst();
  const onOrder = await db
    .selectFrom('order_staff')
    .select('user_id')
    .where('order_id', '=', g.orderId)
    .where('user_id', '=', g.to)
    .executeTakeFirst();
  if (onOrder) {
    await db.deleteFrom('order_staff').where('order_id', '=', g.orderId).where('user_id', '=', g.from).execute();
  } else {
    await db
      .updateTable('order_staff')
      .set({ user_id: g.to, name: null })
      .where('order_id', '=', g.orderId)
      .where('user_id', '=', g.from)
      .execute();
  }
  return binding;
}

export async function finishIfDone(db: Executor, handoverId: string, now: Date): Promise<void> {
  const pending = await db
    .selectFrom('handover_groups')
    .select('chat_id')
    .where('handover_id', '=', handoverId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  if (!pending) await db.updateTable('handovers').set({ finished_at: now }).where('id', '=', handoverId).execute();
}

async function readGroups(db: Executor, handoverId: string): Promise<HandoverGroup[]> {
  const rows = await db
    .selectFrom('handover_groups')
    .selectAll()
    .where('handover_id', '=', handoverId)
    .orderBy('order_id')
    .execute();
  return rows.map(groupOf);
}

function groupOf(r: Selectable<HandoverGroupsTable>): HandoverGroup {
  return {
    chatId: r.chat_id,
    orderId: r.order_id,
    to: r.to_user,
    state: r.state,
    errcode: r.errcode,
    error: r.error,
    attempts: r.attempts,
  };
}

export async function readHandover(db: Executor, id: string): Promise<Handover | null> {
  const h = await db.selectFrom('handovers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!h) return null;
  const groups = await readGroups(db, id);
  const count = (state: HandoverGroup['state']) => groups.filter((g) => g.state === state).length;
  return {
    id: h.id,
    from: h.from_user,
    to: h.to_user,
    reason: h.reason,
    requestedBy: h.requested_by,
    createdAt: h.created_at.toISOString(),
    finishedAt: h.finished_at?.toISOString() ?? null,
    counts: { pending: count('pending'), transferred: count('transferred'), failed: count('failed') },
    groups,
  };
}
