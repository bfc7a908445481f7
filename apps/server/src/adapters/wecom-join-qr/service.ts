import type { JoinQr, PoolHealth } from '@kequn/contracts';
import { qrImageOf, type QrImage } from './qr-image';
import { isWecomError, type Clock, type Logger } from '@kequn/wecom';
import type { WecomAccess } from '../../customers/wecom-contacts';
import type { Db } from '../../db/schema';
import {
  archiveDismissed,
  bindChat,
  findBinding,
  findBindingByChat,
  isLeaseLive,
  wasDismissed,
} from '../../groups/binding-store';
import { eventData, isUniqueViolation } from '../../groups/group-service';
import { ApiError } from '../../http/api-error';
import { workerId } from '../../db/leased-worker';
import { tryJobLease } from '../../db/jobs';
import type { Outbox } from '../../webhooks/events';
import { CHAT_GONE_ERRCODE, getGroupChat } from '../wecom/group-reader';
import { addJoinWay, delJoinWay, getJoinWayQr } from './join-ways';
import {
  QR_CAP,
  addPoolGroup,
  countFree,
  detachConfig,
  ensureJoinQrRow,
  findJoinQr,
  findPoolGroup,
  flipLow,
  markConfigDeleted,
  orphanConfigs,
  poolFigures,
  recordConfig,
  recordQr,
  releaseLease,
  releaseReserved,
  reservedFor,
  removePoolGroup,
  setJoinQrChat,
  takeFreeGroup,
  totalOf,
  tryLease,
  type JoinQrRow,
  type PoolGroupRow,
} from './store';
import type { GroupChat } from '../../groups/ports';

/** The order's join QR as the business API answers it (`qrUrl` opens without an API key). */
export type JoinQrView = JoinQr;

/** GET /api/v1/pool. */
export type { PoolHealth };

export type PoolRegistration =
  | { chatId: string; registered: true; owner: string; already: boolean }
  | { chatId: string; registered: false; code: string; message: string; errcode?: number };

export interface JoinQrDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  wecom: WecomAccess;
  outbox: Outbox;
  publicUrl: string;
  /** POOL_SHARED_OWNERS: owners whose free groups any order may take after its own staff's. */
  sharedOwners: readonly string[];
  /** POOL_LOW_WATER. */
  lowWater: number;
  /** JOIN_WAY_SWEEP_INTERVAL_MS; 0 disables the timer (sweepOnce still works). */
  sweepIntervalMs: number;
  /** Told the pool's figures after every change (the Prometheus gauge). */
  onFigures?: (health: PoolHealth) => void;
  /** Per-order lease while a join way is made (longer than WeCom's calls with their retries). */
  leaseMs?: number;
  /** How long a caller waits for another instance holding the order's lease. */
  waitMs?: number;
}

const SWEEP_BATCH = 200;
const POOL_SCOPE = 'wecom';

const poolEmpty = (details: Record<string, unknown>) =>
  new ApiError(
    409,
    'pool_empty',
    'No free shell group for this order: have staff make empty customer groups in WeCom and register them (POST /api/v1/pool/groups).',
    details,
  );

/**
 * The join-QR route's work: the shell-group pool, one join way per order (made once, crash-safe:
 * every WeCom result is committed before the next call), deleting join ways, and the sweep.
 */
export class JoinQrService {
  private readonly owner = workerId();
  private readonly inflight = new Map<string, Promise<{ view: JoinQrView; created: boolean }>>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;
  private readonly leaseMs: number;
  private readonly waitMs: number;

  constructor(private readonly deps: JoinQrDeps) {
    this.leaseMs = deps.leaseMs ?? 60_000;
    this.waitMs = deps.waitMs ?? 30_000;
  }

  private now(): Date {
    return new Date(this.deps.clock.now());
  }

  // ------------------------------------------------------------------ join QR of an order

  async read(orderId: string): Promise<JoinQrView | null> {
    const row = await findJoinQr(this.deps.db, orderId);
    return row ? this.viewOf(row) : null;
  }

  /** The order's join QR, made on the first call; concurrent calls (any instance) make one join way. */
  ensure(orderId: string): Promise<{ view: JoinQrView; created: boolean }> {
    const running = this.inflight.get(orderId);
    // A call joining one in flight gets its answer, as a reuse.
    if (running) return running.then(({ view }) => ({ view, created: false }));
    const started = this.ensureLocked(orderId).finally(() => this.inflight.delete(orderId));
    this.inflight.set(orderId, started);
    return started;
  }

  private async ensureLocked(orderId: string): Promise<{ view: JoinQrView; created: boolean }> {
    const { db } = this.deps;
    const order = await db
      .selectFrom('orders')
      .select(['order_id', 'closed_at'])
      .where('order_id', '=', orderId)
      .executeTakeFirst();
    if (!order) throw new ApiError(404, 'order_not_found', `No order ${orderId}.`);
    if (order.closed_at) throw new ApiError(409, 'order_closed', 'This order is closed: it gets no join QR.');
    const row = await ensureJoinQrRow(db, orderId, this.now());
    const ready = this.viewOf(row);
    if (ready) return { view: ready, created: false };
    const deadline = this.deps.clock.now() + this.waitMs;
    for (;;) {
      if (await tryLease(db, orderId, { owner: this.owner, now: this.now(), leaseMs: this.leaseMs })) {
        try {
          return await this.build(orderId);
        } finally {
          await releaseLease(db, orderId, this.owner);
        }
      }
      // Another instance is making it: its result is ours.
      await sleep(100);
      const current = await findJoinQr(db, orderId);
      const view = current && this.viewOf(current);
      if (view) return { view, created: false };
      if (this.deps.clock.now() > deadline) {
        throw new ApiError(409, 'join_qr_in_progress', 'The join QR of this order is being made; try again shortly.');
      }
    }
  }

  /** Holding the order's lease: each step resumes where a failed or crashed attempt stopped. */
  private async build(orderId: string): Promise<{ view: JoinQrView; created: boolean }> {
    const { db, wecom } = this.deps;
    let row = await findJoinQr(db, orderId);
    if (!row) throw new Error(`join QR row of ${orderId} vanished`);
    const done = this.viewOf(row);
    if (done) return { view: done, created: false };
    const chatId = row.chat_id ?? (await this.groupFor(orderId));
    let configId = row.config_id;
    if (!configId) {
      const made = await addJoinWay(wecom, { chatId, state: row.state, remark: orderId });
      // Committed (ledger, then the order) before get_join_way, so no failure after this orphans it.
      if (!(await recordConfig(db, { orderId, chatId, configId: made, owner: this.owner, now: this.now() }))) {
        // Our lease ran out and another attempt stored its own: ours goes (the sweep retries if this fails).
        await this.deleteConfig(made);
        row = await findJoinQr(db, orderId);
        if (!row?.config_id) throw new ApiError(409, 'join_qr_in_progress', 'Try again shortly.');
      }
      configId = row?.config_id ?? made;
    }
    const qrUrl = await getJoinWayQr(wecom, configId);
    await recordQr(db, { orderId, configId, qrUrl, now: this.now() });
    const complete = await findJoinQr(db, orderId);
    const view = complete && this.viewOf(complete);
    if (!view) throw new ApiError(409, 'join_qr_in_progress', 'The join QR changed meanwhile; try again.');
    this.deps.logger.info({ orderId, chatId, configId }, 'join QR ready');
    return { view, created: true };
  }

  /** The group the order's join QR leads to: its bound group, or one taken from the pool and bound for good. */
  private async groupFor(orderId: string): Promise<string> {
    const { db } = this.deps;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const now = this.now();
      const binding = await findBinding(db, orderId);
      if (binding?.chatId && (binding.status === 'created' || binding.status === 'confirmed')) {
        if (binding.verifiedAt === null) {
          throw new ApiError(409, 'group_unverified', 'WeCom does not show this order’s group yet; try again shortly.');
        }
        await setJoinQrChat(db, orderId, binding.chatId, now);
        return binding.chatId;
      }
      if (binding && isLeaseLive(binding, now)) {
        throw new ApiError(409, 'creation_in_progress', `${binding.createdBy} is creating the group right now.`);
      }
      const taken = await this.takeFromPool(orderId, now);
      if (taken !== 'retry') return taken;
    }
    throw new ApiError(409, 'join_qr_in_progress', 'The order’s group changed meanwhile; try again.');
  }

  /**
   * Reserve → check → bind. The reserved group is read from WeCom before it is bound (outside any
   * transaction): a shell dismissed, given customers or handed to another owner since it was
   * registered leaves the pool instead of reaching an order. A crash after the reservation leaves
   * the group reserved for this order, and the next attempt resumes with it.
   * 'retry': that group was unfit, or the order got a group another way meanwhile.
   */
  private async takeFromPool(orderId: string, now: Date): Promise<string | 'retry'> {
    const staff = (
      await this.deps.db
        .selectFrom('order_staff')
        .select('user_id')
        .where('order_id', '=', orderId)
        .orderBy('position')
        .execute()
    ).map((s) => s.user_id);
    const reserved = await this.reserve(orderId, staff, now);
    if (!reserved) throw poolEmpty(await this.emptyDetails(staff));
    const owner = await this.liveShellOwner(reserved.chat_id, orderId);
    if (owner === null) return 'retry';
    return this.bindReserved(orderId, reserved.chat_id, owner, this.now());
  }

  private async reserve(orderId: string, staff: string[], now: Date): Promise<PoolGroupRow | null> {
    const reserved = await this.deps.db.transaction().execute(async (trx) => {
      const group =
        (await reservedFor(trx, orderId)) ??
        (await takeFreeGroup(trx, { orderId, staff, sharedOwners: this.deps.sharedOwners, now }));
      await this.checkLow(trx, now);
      return group;
    });
    this.deps.outbox.committed();
    void this.publishFigures();
    return reserved;
  }

  /** The reserved shell's owner as WeCom shows it now; null (and out of the pool) when it is no shell any more. */
  private async liveShellOwner(chatId: string, orderId: string): Promise<string | null> {
    const { db, wecom, logger } = this.deps;
    let chat;
    try {
      chat = await getGroupChat(wecom, chatId);
    } catch (err) {
      if (isWecomError(err) && err.kind === 'input') {
        logger.warn({ chatId, errcode: err.errcode }, 'pool group no longer readable; removed from the pool');
        await removePoolGroup(db, chatId);
        return null;
      }
      await releaseReserved(db, chatId, orderId);
      throw new ApiError(503, 'wecom_unavailable', 'WeCom could not be asked about the group now; try again shortly.');
    }
    const problem = shellProblem(chat);
    if (problem) {
      logger.warn({ chatId, problem: problem.code }, 'pool group is no shell any more; removed from the pool');
      await removePoolGroup(db, chatId);
      return null;
    }
    return chat.owner;
  }

  private async bindReserved(orderId: string, chatId: string, owner: string, now: Date): Promise<string | 'retry'> {
    const { db, outbox, logger } = this.deps;
    const bound = await db
      .transaction()
      .execute(async (trx) => {
        await archiveDismissed(trx, orderId);
        const binding = await bindChat(trx, { orderId, chatId, userId: owner, now, verified: true, route: 'join_qr' });
        if (!binding) throw new RollBack();
        await outbox.add(trx, 'group.created', eventData(binding), now);
        await setJoinQrChat(trx, orderId, chatId, now);
        return true;
      })
      .catch(async (err: unknown) => {
        if (err instanceof RollBack) {
          // The order got a group another way meanwhile: this shell goes back to the pool.
          await releaseReserved(db, chatId, orderId);
          return false;
        }
        if (!isUniqueViolation(err)) throw err;
        // Staff bound this shell to another order (JS-SDK): it is no shell any more.
        logger.warn({ chatId }, 'pool group was bound elsewhere; removed from the pool');
        await removePoolGroup(db, chatId);
        return false;
      });
    outbox.committed();
    if (!bound) return 'retry';
    logger.info({ orderId, chatId, owner }, 'pool group assigned to order');
    return chatId;
  }

  /** One pool.low per crossing below the mark (queued in the caller's transaction). */
  private async checkLow(trx: Parameters<typeof countFree>[0], now: Date): Promise<number> {
    const free = await countFree(trx);
    const low = free < this.deps.lowWater;
    if (!(await flipLow(trx, POOL_SCOPE, low, now))) return 0;
    const owners = await poolFigures(trx);
    await this.deps.outbox.add(trx, 'pool.low', { platform: 'wecom', lowWater: this.deps.lowWater, free, owners }, now);
    this.deps.logger.warn({ free, lowWater: this.deps.lowWater }, 'shell-group pool below its low-water mark');
    return 1;
  }

  private async emptyDetails(staff: string[]): Promise<Record<string, unknown>> {
    const health = await this.health();
    const eligible = new Set([...staff, ...this.deps.sharedOwners]);
    return {
      pool: {
        lowWater: health.lowWater,
        free: health.free,
        assigned: health.assigned,
        eligibleOwners: [...eligible],
        owners: health.owners,
      },
    };
  }

  /** DELETE …/join-qr and closing an order: the join way goes, the group stays bound. */
  async close(orderId: string): Promise<boolean> {
    const { db } = this.deps;
    const row = await findJoinQr(db, orderId);
    if (!row?.config_id) return false;
    const deadline = this.deps.clock.now() + this.waitMs;
    while (!(await tryLease(db, orderId, { owner: this.owner, now: this.now(), leaseMs: this.leaseMs }))) {
      if (this.deps.clock.now() > deadline) {
        throw new ApiError(409, 'join_qr_in_progress', 'The join QR of this order is being made; try again shortly.');
      }
      await sleep(100);
    }
    try {
      const configId = await detachConfig(db, orderId, this.now());
      if (!configId) return false;
      await this.deleteConfig(configId);
      this.deps.logger.info({ orderId, configId }, 'join way deleted');
      return true;
    } finally {
      await releaseLease(db, orderId, this.owner);
    }
  }

  /** Deletes a config at WeCom and in the ledger; a failure leaves it to the sweep. */
  private async deleteConfig(configId: string): Promise<boolean> {
    try {
      await delJoinWay(this.deps.wecom, configId);
      await markConfigDeleted(this.deps.db, configId, this.now());
      return true;
    } catch (err) {
      this.deps.logger.warn({ configId, err: (err as Error).message }, 'join way not deleted yet; the sweep retries');
      return false;
    }
  }

  // ------------------------------------------------------------------ sweep

  start(): void {
    if (this.deps.sweepIntervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.sweepIfLeader(), this.deps.sweepIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping?.catch(() => undefined);
  }

  private async sweepIfLeader(): Promise<void> {
    try {
      const now = this.now();
      const leaseMs = Math.max(60_000, Math.min(this.deps.sweepIntervalMs / 2, 3_600_000));
      if (!(await tryJobLease(this.deps.db, 'join_way_sweep', { owner: this.owner, now, leaseMs }))) return;
      await this.sweepOnce();
    } catch (err) {
      this.deps.logger.error({ err: (err as Error).message }, 'join-way sweep failed');
    }
  }

  /** Deletes the join ways of our ledger that no order holds any more. */
  sweepOnce(): Promise<{ deleted: number; failed: number }> {
    const run = async () => {
      const report = { deleted: 0, failed: 0 };
      for (const configId of await orphanConfigs(this.deps.db, this.now(), SWEEP_BATCH)) {
        if (await this.deleteConfig(configId)) report.deleted += 1;
        else report.failed += 1;
      }
      this.deps.logger.info(report, 'join-way sweep finished');
      return report;
    };
    const running = run();
    this.sweeping = running.finally(() => (this.sweeping = null));
    return running;
  }

  // ------------------------------------------------------------------ pool

  /** Checks each chat with groupchat/get and adds the good ones; `owner`: only that owner's (the toolbar). */
  async register(chatIds: readonly string[], registeredBy: string, owner?: string): Promise<PoolRegistration[]> {
    const results: PoolRegistration[] = [];
    for (const chatId of [...new Set(chatIds)]) results.push(await this.registerOne(chatId, registeredBy, owner));
    if (results.some((r) => r.registered)) {
      // Back above the mark: the next fall reports again.
      const now = this.now();
      if ((await countFree(this.deps.db)) >= this.deps.lowWater) await flipLow(this.deps.db, POOL_SCOPE, false, now);
      void this.publishFigures();
    }
    return results;
  }

  private async registerOne(chatId: string, registeredBy: string, owner?: string): Promise<PoolRegistration> {
    const { db, wecom } = this.deps;
    const refuse = (code: string, message: string, errcode?: number): PoolRegistration => ({
      chatId,
      registered: false,
      code,
      message,
      ...(errcode !== undefined ? { errcode } : {}),
    });
    const pooled = await findPoolGroup(db, chatId);
    if (pooled) {
      if (owner && pooled.owner !== owner) return refuse('chat_not_yours', 'You are not the owner of this group.');
      return { chatId, registered: true, owner: pooled.owner, already: true };
    }
    if (await findBindingByChat(db, chatId)) return refuse('bound_to_order', 'This group is already an order’s group.');
    if (await wasDismissed(db, chatId)) return refuse('chat_gone', 'This group was dismissed.', CHAT_GONE_ERRCODE);
    let chat;
    try {
      chat = await getGroupChat(wecom, chatId);
    } catch (err) {
      if (!isWecomError(err)) throw err;
      if (err.errcode === CHAT_GONE_ERRCODE || err.errcode === 49008) {
        return refuse('chat_gone', 'WeCom has no such customer group, or it was dismissed.', err.errcode);
      }
      if (err.errcode === 90501) return refuse('not_customer_group', 'This chat is not a customer group.', 90501);
      if (err.kind === 'input') return refuse('refused_by_wecom', err.message, err.errcode);
      return refuse(
        'wecom_unavailable',
        `WeCom could not be asked now (${err.code}); register it again later.`,
        err.errcode,
      );
    }
    const problem = shellProblem(chat);
    if (problem) return refuse(problem.code, problem.message);
    if (owner && chat.owner !== owner) return refuse('chat_not_yours', 'You are not the owner of this group.');
    const added = await addPoolGroup(db, {
      chatId,
      owner: chat.owner,
      registeredBy,
      members: chat.members.length,
      now: this.now(),
    });
    return { chatId, registered: true, owner: chat.owner, already: !added };
  }

  async health(): Promise<PoolHealth> {
    const owners = await poolFigures(this.deps.db);
    return { lowWater: this.deps.lowWater, qrCap: QR_CAP, ...totalOf(owners), owners };
  }

  private async publishFigures(): Promise<void> {
    if (!this.deps.onFigures) return;
    try {
      this.deps.onFigures(await this.health());
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message }, 'pool figures not published');
    }
  }

  /** Brings the gauge up to date (at start). */
  refreshFigures(): Promise<void> {
    return this.publishFigures();
  }

  // ------------------------------------------------------------------ views

  private viewOf(row: JoinQrRow): JoinQrView | null {
    if (!row.chat_id || !row.config_id || !row.wecom_qr_url || !row.ready_at) return null;
    return {
      orderId: row.order_id,
      chatId: row.chat_id,
      configId: row.config_id,
      state: row.state,
      qrUrl: `${this.deps.publicUrl}/join-qr/${row.qr_token}.png`,
      wecomQrUrl: row.wecom_qr_url,
      createdAt: row.ready_at.toISOString(),
    };
  }

  /** The picture behind our public QR URL, for a token of a complete join QR. */
  async image(token: string): Promise<QrImage | 'unavailable' | null> {
    const row = await this.deps.db.selectFrom('join_qrs').selectAll().where('qr_token', '=', token).executeTakeFirst();
    if (!row || !this.viewOf(row) || !row.wecom_qr_url) return null;
    return (await qrImageOf(this.deps.db, row.order_id, row.wecom_qr_url)) ?? 'unavailable';
  }
}

class RollBack extends Error {}

/** Why a customer group cannot serve as an empty shell (at registration and again when taken). */
function shellProblem(chat: GroupChat): { code: string; message: string } | null {
  if (!chat.owner) return { code: 'no_owner', message: 'WeCom shows no owner for this group.' };
  if (chat.members.some((m) => m.type === 'customer')) {
    return {
      code: 'has_customers',
      message: 'This group already has customers: only empty shell groups go into the pool.',
    };
  }
  if (chat.members.length >= QR_CAP)
    return { code: 'group_full', message: `This group has ${QR_CAP} members or more.` };
  return null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
