// The store suite: every query of the app against PGlite (temp dir) and the machine's PostgreSQL
// (a schema of its own per run), through the same Kysely layer.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UpsertOrderRequest } from '@kequn/contracts';
import { ApiError } from '../http/api-error';
import { GroupService } from '../groups/group-service';
import { loadGroupState } from '../groups/group-view';
import { acquireIntent, confirmBinding, dismissBinding, findBinding, releaseIntent } from '../groups/binding-store';
import { listMembers, syncMembers } from '../groups/member-store';
import type { GroupRead } from '../groups/ports';
import { findOrder, upsertOrder } from '../orders/order-store';
import { ENGINES, manualClock, openTestDatabase, type TestDatabase } from '../testing/databases';
import { Outbox } from '../webhooks/events';
import { claimDue, markDone, markFailed, tryJobLease } from './jobs';
import { migrate } from './migrations';
import type { Db } from './schema';

const order = (over: Partial<UpsertOrderRequest> = {}): UpsertOrderRequest => ({
  title: '订单 A',
  customer: { mobile: '13800138001', name: '陈晓明' },
  staffUserIds: ['zhangsan', 'lisi'],
  ...over,
});

/** The store suite's WeCom: every chat is a live customer group of zhangsan's with lisi in it. */
const staffGroup = async (chatId: string): Promise<GroupRead> => ({
  state: 'live',
  chat: {
    chatId,
    owner: 'zhangsan',
    createTime: new Date(0),
    members: [{ id: 'lisi', type: 'staff', name: null, joinedAt: null }],
  },
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    if (err instanceof ApiError) return `${err.status} ${err.code}`;
    throw err;
  }
}

describe.each(ENGINES)('store on %s', (engine) => {
  let tdb: TestDatabase;
  let db: Db;
  let clock: ReturnType<typeof manualClock>;
  let groups: GroupService;
  let seq = 0;
  const nextOrderId = () => `O-${engine}-${++seq}`;
  const now = () => new Date(clock.now());

  async function newOrder(over: Partial<UpsertOrderRequest> = {}): Promise<string> {
    const id = nextOrderId();
    await upsertOrder(db, id, order(over), now());
    return id;
  }

  beforeAll(async () => {
    tdb = await openTestDatabase(engine);
    db = tdb.db;
  });
  afterAll(() => tdb?.destroy());
  beforeEach(() => {
    clock = manualClock();
    groups = new GroupService({ db, clock, outbox: new Outbox(true), intentLeaseMs: 120_000, readChat: staffGroup });
  });

  it('records each migration once: running them again (another instance starting) applies nothing', async () => {
    const schema = engine === 'pglite' ? 'public' : tdb.where;
    await Promise.all([migrate(db as never, schema), migrate(db as never, schema)]);
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(`${schema}.kysely_migration`)}`.execute(
      db,
    );
    expect(rows.map((r) => r.name)).toEqual([
      '0001_initial',
      '0002_dismissed_groups',
      '0003_intent_token',
      '0004_orders_customer_index',
      '0005_sign_in',
      '0006_binding_verified',
      '0007_platform_and_route',
      '0008_order_lifecycle',
      '0009_join_qr',
      '0010_staff_names',
      '0011_handover',
      '0012_join_qr_image',
      '0013_console',
      '0014_feishu',
      '0015_console_speed',
    ]);
  });

  describe('orders', () => {
    it('creates, then updates and replaces the staff list in order', async () => {
      const id = nextOrderId();
      expect(await upsertOrder(db, id, order(), now())).toBe(true);
      clock.advance(1000);
      expect(await upsertOrder(db, id, order({ title: '改名', staffUserIds: ['wangwu', 'zhangsan'] }), now())).toBe(
        false,
      );
      const saved = await findOrder(db, id);
      expect(saved).toMatchObject({ title: '改名', staffUserIds: ['wangwu', 'zhangsan'], groupName: null });
      expect(saved?.updatedAt.getTime()).toBe(saved!.createdAt.getTime() + 1000);
      expect(await findOrder(db, 'nope')).toBeNull();
    });

    it('survives concurrent first registrations of one order', async () => {
      const id = nextOrderId();
      const results = await Promise.all(Array.from({ length: 10 }, () => upsertOrder(db, id, order(), now())));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await findOrder(db, id))?.staffUserIds).toEqual(['zhangsan', 'lisi']);
    });
  });

  describe('creation lease', () => {
    it('lets one press hold "creating" until it runs out, then another may take it', async () => {
      const id = await newOrder();
      expect(await groups.startIntent(id, 'zhangsan', ['wm1'])).toEqual({
        by: 'zhangsan',
        until: new Date(clock.now() + 120_000).toISOString(),
      });
      expect(await codeOf(groups.startIntent(id, 'lisi', []))).toBe('409 creation_in_progress');
      expect(await codeOf(groups.startIntent(id, 'zhangsan', []))).toBe('409 creation_in_progress');
      expect((await loadGroupState(db, id, now())).creating).toMatchObject({ by: 'zhangsan' });
      clock.advance(120_001);
      expect((await loadGroupState(db, id, now())).creating).toBeNull();
      expect(await groups.startIntent(id, 'lisi', [])).toMatchObject({ by: 'lisi' });
    });

    it('lets the page that took a live lease take it again (its answer got lost), and no other page', async () => {
      const id = await newOrder();
      const token = 'page-token-0123456789';
      const first = await groups.startIntent(id, 'zhangsan', [], token);
      clock.advance(1_000);
      expect(await groups.startIntent(id, 'zhangsan', [], token)).toEqual({
        by: 'zhangsan',
        until: new Date(clock.now() + 120_000).toISOString(),
      });
      expect(first.until).not.toBe(new Date(clock.now() + 120_000).toISOString());
      expect(await codeOf(groups.startIntent(id, 'zhangsan', [], 'other-page-token-0123'))).toBe(
        '409 creation_in_progress',
      );
      expect(await codeOf(groups.startIntent(id, 'zhangsan', []))).toBe('409 creation_in_progress');
      expect(await codeOf(groups.startIntent(id, 'lisi', [], token))).toBe('409 creation_in_progress');
    });

    it('gives exactly one of many simultaneous presses the lease', async () => {
      const id = await newOrder();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => codeOf(groups.startIntent(id, i % 2 ? 'zhangsan' : 'lisi', []))),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r === '409 creation_in_progress')).toHaveLength(19);
    });

    it('is released only by its holder', async () => {
      const id = await newOrder();
      const token = 'page-token-0123456789';
      await acquireIntent(db, { orderId: id, userId: 'zhangsan', now: now(), leaseMs: 60_000, customerIds: [], token });
      expect(await releaseIntent(db, id, 'lisi')).toBe(false);
      expect(await releaseIntent(db, id, 'zhangsan', 'other-device-token-01')).toBe(false); // same person, other page
      expect(await releaseIntent(db, id, 'zhangsan', token)).toBe(true);
      expect(await findBinding(db, id)).toBeNull();
    });
  });

  describe('binding', () => {
    it('binds one of 50 concurrent different chats; the other 49 get group_exists with the bound chat', async () => {
      const id = await newOrder();
      const chats = Array.from({ length: 50 }, (_, i) => `wrChat${engine}${seq}x${i}`);
      const results = await Promise.allSettled(chats.map((chat) => groups.bind(id, 'zhangsan', chat)));
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const bound = (await findBinding(db, id))?.chatId;
      expect(chats).toContain(bound);
      for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
        expect(r.reason).toBeInstanceOf(ApiError);
        expect(r.reason).toMatchObject({ status: 409, code: 'group_exists', details: { chatId: bound } });
      }
      const events = await db.selectFrom('webhook_outbox').selectAll().where('payload', 'like', `%"${id}"%`).execute();
      expect(events.map((e) => e.event_type)).toEqual(['group.created']);
    });

    it('answers a repeated bind of the same chat idempotently', async () => {
      const id = await newOrder();
      const first = await groups.bind(id, 'zhangsan', `wrSame${engine}`);
      const again = await groups.bind(id, 'lisi', `wrSame${engine}`);
      expect(first).toMatchObject({
        created: true,
        group: { chatId: `wrSame${engine}`, status: 'created', createdBy: 'zhangsan' },
      });
      expect(again).toMatchObject({ created: false, group: { createdBy: 'zhangsan' } });
      expect(await codeOf(groups.startIntent(id, 'zhangsan', []))).toBe('409 group_exists');
    });

    it('refuses a chat that is already another order’s group, also when both bind at once', async () => {
      const [a, b, c, d] = [await newOrder(), await newOrder(), await newOrder(), await newOrder()];
      await groups.bind(a, 'zhangsan', `wrShared${engine}`);
      expect(await codeOf(groups.bind(b, 'zhangsan', `wrShared${engine}`))).toBe('409 chat_bound_elsewhere');
      const race = await Promise.all([c, d].map((o) => codeOf(groups.bind(o, 'zhangsan', `wrRace${engine}`))));
      expect(race.sort()).toEqual(['409 chat_bound_elsewhere', 'ok']);
    });

    it('writes nothing when the transaction fails between the binding and its event', async () => {
      const id = await newOrder();
      // A real failure in the middle of the transaction: the outbox insert (after the binding) breaks.
      await sql`alter table webhook_outbox add constraint crash_test check (event_type <> 'group.created') not valid`.execute(
        db,
      );
      try {
        await expect(groups.bind(id, 'zhangsan', `wrCrash${engine}`)).rejects.toThrow(/crash_test/);
      } finally {
        await sql`alter table webhook_outbox drop constraint crash_test`.execute(db);
      }
      expect(await findBinding(db, id)).toBeNull();
      expect(
        await db.selectFrom('webhook_outbox').select('id').where('payload', 'like', `%wrCrash${engine}%`).execute(),
      ).toEqual([]);
      expect(await groups.bind(id, 'zhangsan', `wrCrash${engine}`)).toMatchObject({ created: true });
    });

    it('keeps a creation reported without chatId open for the callback', async () => {
      const id = await newOrder();
      await groups.startIntent(id, 'zhangsan', ['wmCustomer']);
      const waiting = await groups.expectCallback(id, 'zhangsan', []);
      expect(waiting).toMatchObject({ bound: false, group: { chatId: null, status: 'creating', members: [] } });
      expect((await findBinding(db, id))?.customerIds).toEqual(['wmCustomer']);
      await groups.bind(id, 'zhangsan', `wrLate${engine}`);
      expect(await groups.expectCallback(id, 'zhangsan', [])).toMatchObject({ bound: true });
    });

    it('stops showing a creation without chatId once its window closed, and lets the order try again', async () => {
      const id = await newOrder();
      await groups.startIntent(id, 'zhangsan', ['wmCustomer']);
      await groups.expectCallback(id, 'zhangsan', []);
      clock.advance(5 * 60_000 + 1);
      expect(await loadGroupState(db, id, now())).toEqual({ group: null, creating: null });
      expect(await groups.startIntent(id, 'lisi', [])).toMatchObject({ by: 'lisi' });
    });
  });

  describe('after a dismissal', () => {
    async function dismissedOrder(tag: string): Promise<{ id: string; old: string }> {
      const id = await newOrder();
      const old = `wrOld${tag}${engine}${seq}`;
      await groups.bind(id, 'zhangsan', old);
      await confirmBinding(db, id, now());
      await dismissBinding(db, id, old, now());
      return { id, old };
    }
    const archived = (id: string) =>
      db.selectFrom('dismissed_groups').select(['chat_id', 'created_by']).where('order_id', '=', id).execute();

    it('lets one of many presses start a new group and keeps the dismissed one', async () => {
      const { id, old } = await dismissedOrder('Press');
      const presses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => codeOf(groups.startIntent(id, i % 2 ? 'zhangsan' : 'lisi', []))),
      );
      expect(presses.filter((r) => r === 'ok')).toHaveLength(1);
      expect(presses.filter((r) => r === '409 creation_in_progress')).toHaveLength(19);
      expect(await archived(id)).toEqual([{ chat_id: old, created_by: 'zhangsan' }]);
      const fresh = await findBinding(db, id);
      expect(fresh).toMatchObject({ chatId: null, status: 'creating', confirmedAt: null, dismissedAt: null });
      expect(await groups.bind(id, 'lisi', `wrNew${engine}`)).toMatchObject({
        created: true,
        group: { chatId: `wrNew${engine}`, status: 'created', createdBy: 'lisi' },
      });
    });

    it('binds a new chat without a press, but never the dismissed chat again', async () => {
      const { id, old } = await dismissedOrder('Direct');
      expect(await codeOf(groups.bind(id, 'zhangsan', old))).toBe('409 group_dismissed');
      expect(await groups.bind(id, 'zhangsan', `wrDirect${engine}`)).toMatchObject({ created: true });
      expect(await archived(id)).toEqual([{ chat_id: old, created_by: 'zhangsan' }]);
      expect(await codeOf(groups.startIntent(id, 'zhangsan', []))).toBe('409 group_exists');
      expect(await codeOf(groups.bind(id, 'zhangsan', old))).toBe('409 group_dismissed');
    });
  });

  describe('members', () => {
    it('records joins and leaves against fresh member lists, whatever the order of events', async () => {
      const chat = `wrMembers${engine}`;
      const m = (id: string, type: 'staff' | 'customer' = 'customer') => ({
        id,
        type,
        name: id.toUpperCase(),
        joinedAt: null,
      });
      expect(await syncMembers(db, chat, [m('zs', 'staff'), m('c1')], now())).toMatchObject({
        joined: [{ id: 'zs' }, { id: 'c1' }],
        left: [],
      });
      expect(await syncMembers(db, chat, [m('zs', 'staff'), m('c1')], now())).toEqual({ joined: [], left: [] });
      const change = await syncMembers(db, chat, [m('zs', 'staff'), m('c2')], now());
      expect(change.joined.map((x) => x.id)).toEqual(['c2']);
      expect(change.left.map((x) => x.id)).toEqual(['c1']);
      const back = await syncMembers(db, chat, [m('zs', 'staff'), m('c1'), m('c2')], now());
      expect(back.joined.map((x) => x.id)).toEqual(['c1']);
      const members = await listMembers(db, chat);
      expect(members.find((x) => x.id === 'c1')).toMatchObject({ leftAt: null, type: 'customer', name: 'C1' });
    });
  });

  describe('leased jobs', () => {
    async function addRows(prefix: string, n: number): Promise<string[]> {
      const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
      await db
        .insertInto('webhook_outbox')
        .values(ids.map((id) => ({ id, event_type: 'test', payload: '{}', created_at: now(), next_attempt_at: now() })))
        .execute();
      return ids;
    }

    it('never hands one row to two workers, and hands it again once the lease ran out', async () => {
      await db.deleteFrom('webhook_outbox').execute();
      const ids = await addRows('lease', 30);
      const claims = await Promise.all(
        ['a', 'b', 'c'].map((owner) =>
          claimDue(db, 'webhook_outbox', { owner, now: now(), leaseMs: 10_000, limit: 20 }),
        ),
      );
      const claimed = claims.flat().map((r) => r.id);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.sort()).toEqual([...ids].sort());
      expect(await claimDue(db, 'webhook_outbox', { owner: 'd', now: now(), leaseMs: 10_000, limit: 50 })).toEqual([]);
      clock.advance(10_001);
      const again = await claimDue(db, 'webhook_outbox', { owner: 'd', now: now(), leaseMs: 10_000, limit: 50 });
      expect(again).toHaveLength(30);
      expect(again.every((r) => r.attempts === 2 && r.lease_owner === 'd')).toBe(true);
    });

    it('skips done and dead rows and waits for a scheduled retry', async () => {
      await db.deleteFrom('webhook_outbox').execute();
      const [done, retry, dead] = await addRows('state', 3);
      await claimDue(db, 'webhook_outbox', { owner: 'w', now: now(), leaseMs: 1_000, limit: 10 });
      await markDone(db, 'webhook_outbox', done!, now());
      await markFailed(db, 'webhook_outbox', retry!, {
        owner: 'w',
        now: now(),
        retryAt: new Date(clock.now() + 5_000),
        error: 'HTTP 503',
      });
      await markFailed(db, 'webhook_outbox', dead!, { owner: 'w', now: now(), retryAt: null, error: 'gave up' });
      // A worker whose lease was taken over cannot turn the row into a dead letter.
      await markFailed(db, 'webhook_outbox', retry!, { owner: 'stale', now: now(), retryAt: null, error: 'late' });
      expect(await claimDue(db, 'webhook_outbox', { owner: 'a', now: now(), leaseMs: 1_000, limit: 10 })).toEqual([]);
      clock.advance(5_000);
      const due = await claimDue(db, 'webhook_outbox', { owner: 'a', now: now(), leaseMs: 1_000, limit: 10 });
      expect(due.map((r) => [r.id, r.last_error])).toEqual([[retry, 'HTTP 503']]);
    });

    it('gives a named job lease to one instance at a time', async () => {
      const opts = (owner: string) => ({ owner, now: now(), leaseMs: 60_000 });
      expect(await tryJobLease(db, `job-${engine}`, opts('a'))).toBe(true);
      expect(await tryJobLease(db, `job-${engine}`, opts('b'))).toBe(false);
      expect(await tryJobLease(db, `job-${engine}`, opts('a'))).toBe(true);
      clock.advance(60_001);
      expect(await tryJobLease(db, `job-${engine}`, opts('b'))).toBe(true);
    });
  });
});
