import { randomBytes } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Executor, JoinQrsTable, PoolGroupsTable } from '../../db/schema';

/** Joining by QR code stops at 200 members (platform-facts §13); "near" starts 20 below. */
export const QR_CAP = 200;
export const NEAR_QR_CAP = QR_CAP - 20;

export type JoinQrRow = Selectable<JoinQrsTable>;
export type PoolGroupRow = Selectable<PoolGroupsTable>;

/** An order's key in its join way: ≤ 30 characters (WeCom's limit), unguessable, URL-safe. */
export const newState = () => `kq${randomBytes(12).toString('base64url')}`;
/** The unguessable part of our QR image URL. */
export const newQrToken = () => randomBytes(24).toString('base64url');

export async function findJoinQr(db: Executor, orderId: string): Promise<JoinQrRow | null> {
  return (await db.selectFrom('join_qrs').selectAll().where('order_id', '=', orderId).executeTakeFirst()) ?? null;
}

export async function findJoinQrByToken(db: Executor, token: string): Promise<JoinQrRow | null> {
  return (await db.selectFrom('join_qrs').selectAll().where('qr_token', '=', token).executeTakeFirst()) ?? null;
}

/** The order's row with its state key, made on first use (a concurrent maker's row is kept). */
export async function ensureJoinQrRow(db: Executor, orderId: string, now: Date): Promise<JoinQrRow> {
  await db
    .insertInto('join_qrs')
    .values({ order_id: orderId, state: newState(), qr_token: newQrToken(), created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('order_id').doNothing())
    .execute();
  const row = await findJoinQr(db, orderId);
  if (!row) throw new Error(`join QR row of ${orderId} vanished`);
  return row;
}

/**
 * The per-order lock, as a lease (one statement, so two instances cannot both take it): WeCom
 * calls happen while it is held, outside any transaction, so each step's result is committed
 * before the next call (config_id before get_join_way).
 */
export async function tryLease(
  db: Executor,
  orderId: string,
  { owner, now, leaseMs }: { owner: string; now: Date; leaseMs: number },
): Promise<boolean> {
  const result = await db
    .updateTable('join_qrs')
    .set({ lease_owner: owner, lease_until: new Date(now.getTime() + leaseMs) })
    .where('order_id', '=', orderId)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now), eb('lease_owner', '=', owner)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function releaseLease(db: Executor, orderId: string, owner: string): Promise<void> {
  await db
    .updateTable('join_qrs')
    .set({ lease_owner: null, lease_until: null })
    .where('order_id', '=', orderId)
    .where('lease_owner', '=', owner)
    .execute();
}

export async function setJoinQrChat(db: Executor, orderId: string, chatId: string, now: Date): Promise<void> {
  await db.updateTable('join_qrs').set({ chat_id: chatId, updated_at: now }).where('order_id', '=', orderId).execute();
}

/** Records a config WeCom made, in the ledger first (so the sweep can always find it), then on the order. */
export async function recordConfig(
  db: Executor,
  input: { orderId: string; chatId: string; configId: string; owner: string; now: Date },
): Promise<boolean> {
  await db
    .insertInto('join_way_ledger')
    .values({ config_id: input.configId, order_id: input.orderId, chat_id: input.chatId, created_at: input.now })
    .onConflict((oc) => oc.column('config_id').doNothing())
    .execute();
  const result = await db
    .updateTable('join_qrs')
    .set({ config_id: input.configId, wecom_qr_url: null, ready_at: null, updated_at: input.now })
    .where('order_id', '=', input.orderId)
    .where('config_id', 'is', null)
    .where('lease_owner', '=', input.owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function recordQr(
  db: Executor,
  input: { orderId: string; configId: string; qrUrl: string; now: Date },
): Promise<void> {
  await db
    .updateTable('join_qrs')
    .set({ wecom_qr_url: input.qrUrl, ready_at: input.now, updated_at: input.now })
    .where('order_id', '=', input.orderId)
    .where('config_id', '=', input.configId)
    .execute();
}

/** Takes the order's join way off it (a fresh image token too); the config stays in the ledger until deleted. */
export async function detachConfig(db: Executor, orderId: string, now: Date): Promise<string | null> {
  const row = await db
    .updateTable('join_qrs')
    .set({
      config_id: null,
      wecom_qr_url: null,
      ready_at: null,
      qr_full_at: null,
      qr_token: newQrToken(),
      updated_at: now,
    })
    .where('order_id', '=', orderId)
    .where('config_id', 'is not', null)
    .returning('order_id')
    .executeTakeFirst();
  if (!row) return null;
  const ledger = await db
    .selectFrom('join_way_ledger')
    .select('config_id')
    .where('order_id', '=', orderId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return ledger?.config_id ?? null;
}

export async function markConfigDeleted(db: Executor, configId: string, now: Date): Promise<void> {
  await db.updateTable('join_way_ledger').set({ deleted_at: now }).where('config_id', '=', configId).execute();
}

/** Configs we made that no order holds any more (and none is being made right now). */
export async function orphanConfigs(db: Executor, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('join_way_ledger as l')
    .select('l.config_id')
    .where('l.deleted_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('join_qrs as q').select('q.order_id').whereRef('q.config_id', '=', 'l.config_id')),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('join_qrs as q')
            .select('q.order_id')
            .whereRef('q.order_id', '=', 'l.order_id')
            .where('q.lease_until', '>', now),
        ),
      ),
    )
    .orderBy('l.created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.config_id);
}

// ---------------------------------------------------------------- the shell-group pool

export async function findPoolGroup(db: Executor, chatId: string): Promise<PoolGroupRow | null> {
  return (
    (await db
      .selectFrom('pool_groups')
      .selectAll()
      .where('platform', '=', 'wecom')
      .where('chat_id', '=', chatId)
      .executeTakeFirst()) ?? null
  );
}

/** Adds a checked group to the pool; false when it was there already. */
export async function addPoolGroup(
  db: Executor,
  input: { chatId: string; owner: string; registeredBy: string; members: number; now: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('pool_groups')
    .values({
      chat_id: input.chatId,
      owner: input.owner,
      status: 'free',
      order_id: null,
      registered_by: input.registeredBy,
      registered_at: input.now,
      assigned_at: null,
      member_count: input.members,
    })
    .onConflict((oc) => oc.columns(['platform', 'chat_id']).doNothing())
    .returning('chat_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function removePoolGroup(db: Executor, chatId: string): Promise<void> {
  await db.deleteFrom('pool_groups').where('platform', '=', 'wecom').where('chat_id', '=', chatId).execute();
}

/**
 * Takes one free group for an order in one statement (FOR UPDATE SKIP LOCKED: concurrent takers
 * never get the same group and never wait on each other): the first staff member's own, then any
 * of the order's staff's, then a shared owner's; oldest registration first.
 */
export async function takeFreeGroup(
  db: Executor,
  input: { orderId: string; staff: readonly string[]; sharedOwners: readonly string[]; now: Date },
): Promise<PoolGroupRow | null> {
  const owners = [...new Set([...input.staff, ...input.sharedOwners])];
  if (owners.length === 0) return null;
  const first = input.staff[0] ?? '';
  const staff = input.staff.length > 0 ? input.staff : [''];
  const { rows } = await sql<PoolGroupRow>`
    update pool_groups set status = 'assigned', order_id = ${input.orderId}, assigned_at = ${input.now}
    where platform = 'wecom' and chat_id = (
      select chat_id from pool_groups
      where platform = 'wecom' and status = 'free' and owner in (${sql.join(owners)})
      order by case when owner = ${first} then 0 when owner in (${sql.join(staff)}) then 1 else 2 end,
        registered_at, chat_id
      limit 1
      for update skip locked
    )
    returning *`.execute(db);
  return rows[0] ?? null;
}

/** A group this order took in an attempt that stopped before binding it (a crash, a lost answer). */
export async function reservedFor(db: Executor, orderId: string): Promise<PoolGroupRow | null> {
  return (
    (await db
      .selectFrom('pool_groups')
      .selectAll()
      .where('platform', '=', 'wecom')
      .where('status', '=', 'assigned')
      .where('order_id', '=', orderId)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('bindings as b').select('b.order_id').whereRef('b.chat_id', '=', 'pool_groups.chat_id'),
          ),
        ),
      )
      .orderBy('assigned_at')
      .executeTakeFirst()) ?? null
  );
}

/** Gives a taken, unbound group back to the pool (WeCom could not be asked about it). */
export async function releaseReserved(db: Executor, chatId: string, orderId: string): Promise<void> {
  await db
    .updateTable('pool_groups')
    .set({ status: 'free', order_id: null, assigned_at: null })
    .where('platform', '=', 'wecom')
    .where('chat_id', '=', chatId)
    .where('order_id', '=', orderId)
    .execute();
}

export interface OwnerFigures {
  owner: string;
  free: number;
  assigned: number;
  /** Assigned groups at or above NEAR_QR_CAP members. */
  nearQrCap: number;
  /** Assigned groups at the QR cap: nobody more can join by QR. */
  qrFull: number;
}

export async function poolFigures(db: Executor): Promise<OwnerFigures[]> {
  const rows = await db
    .selectFrom('pool_groups')
    .select((eb) => [
      'owner',
      eb.fn.count<string>('chat_id').filterWhere('status', '=', 'free').as('free'),
      eb.fn.count<string>('chat_id').filterWhere('status', '=', 'assigned').as('assigned'),
      eb.fn
        .count<string>('chat_id')
        .filterWhere((w) => w.and([w('status', '=', 'assigned'), w('member_count', '>=', NEAR_QR_CAP)]))
        .as('near'),
      eb.fn
        .count<string>('chat_id')
        .filterWhere((w) => w.and([w('status', '=', 'assigned'), w('member_count', '>=', QR_CAP)]))
        .as('full'),
    ])
    .where('platform', '=', 'wecom')
    .groupBy('owner')
    .orderBy('owner')
    .execute();
  return rows.map((r) => ({
    owner: r.owner,
    free: Number(r.free),
    assigned: Number(r.assigned),
    nearQrCap: Number(r.near),
    qrFull: Number(r.full),
  }));
}

export function totalOf(owners: readonly OwnerFigures[]): Omit<OwnerFigures, 'owner'> {
  const sum = (k: 'free' | 'assigned' | 'nearQrCap' | 'qrFull') => owners.reduce((n, o) => n + o[k], 0);
  return { free: sum('free'), assigned: sum('assigned'), nearQrCap: sum('nearQrCap'), qrFull: sum('qrFull') };
}

/**
 * Records whether the pool is below its low-water mark; true only on the change to "low" (the one
 * statement that flips it wins, so concurrent takers report a crossing once).
 */
export async function flipLow(db: Executor, scope: string, low: boolean, now: Date): Promise<boolean> {
  if (!low) {
    await db.updateTable('pool_alerts').set({ low: false, changed_at: now }).where('scope', '=', scope).execute();
    return false;
  }
  const row = await db
    .insertInto('pool_alerts')
    .values({ scope, low: true, changed_at: now })
    .onConflict((oc) =>
      oc.column('scope').doUpdateSet({ low: true, changed_at: now }).where('pool_alerts.low', '=', false),
    )
    .returning('scope')
    .executeTakeFirst();
  return row !== undefined;
}

export async function countFree(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('pool_groups')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('platform', '=', 'wecom')
    .where('status', '=', 'free')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
