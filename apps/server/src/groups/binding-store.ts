import type { ExpressionBuilder, Selectable } from 'kysely';
import type { BindingStatus, BindingsTable, DB, Executor } from '../db/schema';
import type { PlatformId, RouteId } from './ports';

export interface BindingRecord {
  orderId: string;
  chatId: string | null;
  status: BindingStatus;
  createdBy: string;
  createdAt: Date;
  intentAt: Date | null;
  leaseUntil: Date | null;
  awaitingCallback: boolean;
  customerIds: string[];
  confirmedAt: Date | null;
  dismissedAt: Date | null;
  /** Null while WeCom has not yet shown the chat with its binder in it: nothing of it is shown. */
  verifiedAt: Date | null;
  platform: PlatformId;
  route: RouteId;
}

function toRecord(row: Selectable<BindingsTable>): BindingRecord {
  return {
    orderId: row.order_id,
    chatId: row.chat_id,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    intentAt: row.intent_at,
    leaseUntil: row.lease_until,
    awaitingCallback: row.awaiting_callback,
    customerIds: parseIds(row.customer_ids),
    confirmedAt: row.confirmed_at,
    dismissedAt: row.dismissed_at,
    verifiedAt: row.verified_at,
    platform: row.platform,
    route: row.route,
  };
}

function parseIds(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export const isLeaseLive = (b: BindingRecord, now: Date) =>
  b.status === 'creating' && b.leaseUntil !== null && b.leaseUntil > now;

export async function findBinding(db: Executor, orderId: string): Promise<BindingRecord | null> {
  const row = await db.selectFrom('bindings').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** `lock`: hold the row until the transaction ends, so two instances apply one group's changes in turn. */
export async function findBindingByChat(
  db: Executor,
  chatId: string,
  lock = false,
  platform: PlatformId = 'wecom',
): Promise<BindingRecord | null> {
  const query = db.selectFrom('bindings').selectAll().where('platform', '=', platform).where('chat_id', '=', chatId);
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export interface IntentInput {
  orderId: string;
  userId: string;
  now: Date;
  leaseMs: number;
  customerIds: string[];
  /** The pressing page's own token: that page may take its live lease again. */
  token?: string | undefined;
}

/**
 * Moves the order's dismissed group (if any) to `dismissed_groups`, so the order can be bound to
 * a new one. Run it in the transaction that takes over the binding row.
 */
export async function archiveDismissed(db: Executor, orderId: string): Promise<void> {
  await db
    .insertInto('dismissed_groups')
    .columns(['chat_id', 'platform', 'order_id', 'created_by', 'created_at', 'confirmed_at', 'dismissed_at'])
    .expression((eb) =>
      eb
        .selectFrom('bindings')
        .select(['chat_id', 'platform', 'order_id', 'created_by', 'created_at', 'confirmed_at', 'dismissed_at'])
        .where('order_id', '=', orderId)
        .where('status', '=', 'dismissed'),
    )
    .onConflict((oc) => oc.column('chat_id').doNothing())
    .execute();
}

/** Whether the chat is a group that was dismissed and replaced (dismissed groups never return). */
export async function wasDismissed(db: Executor, chatId: string): Promise<boolean> {
  const row = await db
    .selectFrom('dismissed_groups')
    .select('chat_id')
    .where('chat_id', '=', chatId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A dismissed binding may be taken over only once its group is archived: a dismissal that commits
 * between `archiveDismissed` and the upsert is then left alone instead of being overwritten unseen.
 */
const replaceableDismissed = (eb: ExpressionBuilder<DB, 'bindings'>) =>
  eb.and([
    eb('bindings.status', '=', 'dismissed'),
    eb.exists(
      eb
        .selectFrom('dismissed_groups')
        .select('dismissed_groups.chat_id')
        .whereRef('dismissed_groups.chat_id', '=', 'bindings.chat_id'),
    ),
  ]);

/** The live lease the same page took before (its answer got lost): that page may take it again. */
const sameHolder = (eb: ExpressionBuilder<DB, 'bindings'>, userId: string, token: string) =>
  eb.and([
    eb('bindings.status', '=', 'creating'),
    eb('bindings.chat_id', 'is', null),
    eb('bindings.awaiting_callback', '=', false),
    eb('bindings.created_by', '=', userId),
    eb('bindings.intent_token', '=', token),
  ]);

/** The fields that make a binding row a fresh one, whatever it held before. */
const FRESH = { confirmed_at: null, dismissed_at: null } as const;

/**
 * Takes the "creating" lease in one statement, so concurrent presses cannot both win: the row is
 * (re)written only when there is none, it is an unbound one whose lease ran out, or its group was
 * dismissed (archive it first, see `archiveDismissed`).
 */
export async function acquireIntent(
  db: Executor,
  input: IntentInput,
): Promise<{ acquired: boolean; binding: BindingRecord }> {
  const { orderId, userId, now } = input;
  const lease = {
    created_by: userId,
    updated_at: now,
    intent_at: now,
    lease_until: new Date(now.getTime() + input.leaseMs),
    awaiting_callback: false,
    customer_ids: JSON.stringify(input.customerIds),
    intent_token: input.token ?? null,
  };
  const row = await db
    .insertInto('bindings')
    .values({ order_id: orderId, chat_id: null, status: 'creating', created_at: now, ...lease })
    .onConflict((oc) =>
      oc
        .column('order_id')
        .doUpdateSet({ ...lease, ...FRESH, status: 'creating', chat_id: null, created_at: now })
        .where((eb) =>
          eb.or([
            replaceableDismissed(eb),
            eb.and([
              eb('bindings.status', '=', 'creating'),
              eb.or([eb('bindings.lease_until', 'is', null), eb('bindings.lease_until', '<=', now)]),
            ]),
            ...(input.token ? [sameHolder(eb, userId, input.token)] : []),
          ]),
        ),
    )
    .returningAll()
    .executeTakeFirst();
  if (row) return { acquired: true, binding: toRecord(row) };
  const existing = await findBinding(db, orderId);
  if (!existing) throw new Error(`binding of ${orderId} vanished while taking the intent lease`);
  return { acquired: false, binding: existing };
}

/**
 * Gives a lease back early (the user cancelled); only its holder may, and only before a group
 * exists. With a token, only the page that took it: the same person's other device keeps its own.
 */
export async function releaseIntent(db: Executor, orderId: string, userId: string, token?: string): Promise<boolean> {
  let query = db
    .deleteFrom('bindings')
    .where('order_id', '=', orderId)
    .where('status', '=', 'creating')
    .where('created_by', '=', userId)
    .where('awaiting_callback', '=', false);
  if (token) query = query.where('intent_token', '=', token);
  const result = await query.executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Binds a chat to an order unless the order already has a live one. Returns the row written, or
 * null when another chat was bound first. A chat bound to another order raises a unique violation.
 * A dismissed group is replaced (archive it first, see `archiveDismissed`).
 */
export async function bindChat(
  db: Executor,
  {
    orderId,
    chatId,
    userId,
    now,
    verified = true,
    route,
    platform,
  }: {
    orderId: string;
    chatId: string;
    userId: string;
    now: Date;
    verified?: boolean;
    route?: RouteId;
    platform?: PlatformId;
  },
): Promise<BindingRecord | null> {
  const bound = {
    ...(route ? { route } : {}),
    ...(platform ? { platform } : {}),
    chat_id: chatId,
    verified_at: verified ? now : null,
    status: 'created' as const,
    created_by: userId,
    created_at: now,
    updated_at: now,
    lease_until: null,
    awaiting_callback: false,
    ...FRESH,
  };
  const row = await db
    .insertInto('bindings')
    .values({ order_id: orderId, intent_at: null, customer_ids: '[]', ...bound })
    .onConflict((oc) =>
      oc
        .column('order_id')
        .doUpdateSet(bound)
        .where((eb) => eb.or([eb('bindings.chat_id', 'is', null), replaceableDismissed(eb)])),
    )
    .returningAll()
    .executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** An old client created a group without telling us its chatId: keep the window open for the callback. */
export async function awaitCallback(
  db: Executor,
  input: { orderId: string; userId: string; now: Date; windowMs: number; customerIds: string[] },
): Promise<BindingRecord | null> {
  const until = new Date(input.now.getTime() + input.windowMs);
  const fields = {
    awaiting_callback: true,
    lease_until: until,
    updated_at: input.now,
    // Keep the ids the intent recorded when this report brings none.
    ...(input.customerIds.length > 0 ? { customer_ids: JSON.stringify(input.customerIds) } : {}),
  };
  const row = await db
    .insertInto('bindings')
    .values({
      order_id: input.orderId,
      chat_id: null,
      status: 'creating',
      created_by: input.userId,
      created_at: input.now,
      // No intent was recorded: the group was made at most one window ago.
      intent_at: new Date(input.now.getTime() - input.windowMs),
      customer_ids: JSON.stringify(input.customerIds),
      ...fields,
    })
    .onConflict((oc) => oc.column('order_id').doUpdateSet(fields).where('bindings.chat_id', 'is', null))
    .returningAll()
    .executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** The order of a group the owner created inside an open creation window, newest intent first. */
export async function windowCandidates(
  db: Executor,
  { owner, createdAt, slackMs }: { owner: string; createdAt: Date; slackMs: number },
): Promise<BindingRecord[]> {
  const rows = await db
    .selectFrom('bindings')
    .selectAll()
    .where('status', '=', 'creating')
    .where('chat_id', 'is', null)
    .where('created_by', '=', owner)
    .where('intent_at', '<=', new Date(createdAt.getTime() + slackMs))
    .where('lease_until', '>=', new Date(createdAt.getTime() - slackMs))
    .orderBy('intent_at', 'desc')
    .execute();
  return rows.map(toRecord);
}

export async function hasLiveIntent(db: Executor, owner: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('bindings')
    .select('order_id')
    .where('status', '=', 'creating')
    .where('created_by', '=', owner)
    .where('lease_until', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/** Binds a group found through WeCom's report (the caller confirms it right after). */
export async function bindFromCallback(db: Executor, orderId: string, chatId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('bindings')
    .set({
      chat_id: chatId,
      status: 'created',
      created_at: now,
      updated_at: now,
      // The group's owner pressed "create" for this order: WeCom's own report verifies it.
      verified_at: now,
      lease_until: null,
      awaiting_callback: false,
    })
    .where('order_id', '=', orderId)
    .where('chat_id', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markVerified(db: Executor, orderId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('bindings')
    .set({ verified_at: now, updated_at: now })
    .where('order_id', '=', orderId)
    .where('verified_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** An unverified binding WeCom refuted (or that never became a group): the order is free again. */
export async function dropUnverified(db: Executor, orderId: string, chatId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('bindings')
    .where('order_id', '=', orderId)
    .where('chat_id', '=', chatId)
    .where('verified_at', 'is', null)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function confirmBinding(db: Executor, orderId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('bindings')
    .set({ status: 'confirmed', confirmed_at: now, updated_at: now })
    .where('order_id', '=', orderId)
    .where('status', '=', 'created')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function dismissBinding(db: Executor, orderId: string, chatId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('bindings')
    .set({ status: 'dismissed', dismissed_at: now, updated_at: now })
    .where('order_id', '=', orderId)
    .where('chat_id', '=', chatId)
    .where('status', 'in', ['created', 'confirmed'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Bound, live groups for the reconcile, in pages. */
export async function liveBindings(db: Executor, after: string, limit: number): Promise<BindingRecord[]> {
  const rows = await db
    .selectFrom('bindings')
    .selectAll()
    .where('status', 'in', ['created', 'confirmed'])
    .where('order_id', '>', after)
    .orderBy('order_id')
    .limit(limit)
    .execute();
  return rows.map(toRecord);
}

/** Creations still waiting for WeCom to report their group (an old client, a lost event). */
export async function awaitingBindings(db: Executor, since: Date): Promise<BindingRecord[]> {
  const rows = await db
    .selectFrom('bindings')
    .selectAll()
    .where('status', '=', 'creating')
    .where('awaiting_callback', '=', true)
    .where('updated_at', '>=', since)
    .execute();
  return rows.map(toRecord);
}
