import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/databases';
import { claimDue } from './jobs';
import { LeasedWorker } from './leased-worker';

const clock = { now: () => Date.now() };
const LEASE_MS = 300;

describe('LeasedWorker leases', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
  });
  afterAll(() => database?.destroy());

  const addEvent = async (id: string) => {
    await database.db
      .insertInto('callback_events')
      .values({
        id,
        event: 'test',
        fields: '{}',
        received_at: new Date(),
        next_attempt_at: new Date(Date.now() - 1_000),
        lease_owner: null,
        lease_until: null,
        done_at: null,
        failed_at: null,
        last_error: null,
      })
      .execute();
  };
  const claimAsOther = (now = new Date()) =>
    claimDue(database.db, 'callback_events', { owner: 'other', now, leaseMs: LEASE_MS, limit: 10 });

  it('renews the lease while a handler works longer than it, so no other instance takes the row', async () => {
    await addEvent('renewed-1');
    let release!: () => void;
    const working = new Promise<void>((resolve) => (release = resolve));
    const worker = new LeasedWorker({
      name: 'test',
      db: database.db,
      table: 'callback_events',
      clock,
      logger: pino({ level: 'silent' }),
      pollMs: 10_000,
      leaseMs: LEASE_MS,
      batch: 5,
      concurrent: false,
      handle: async () => {
        await working;
        return { done: true };
      },
      onError: () => null,
    });
    const round = worker.runOnce();
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS * 3));
    expect(await claimAsOther()).toEqual([]); // three leases long, still this worker's
    release();
    expect(await round).toBe(1);
    const row = await database.db
      .selectFrom('callback_events')
      .select(['done_at', 'lease_owner'])
      .where('id', '=', 'renewed-1')
      .executeTakeFirstOrThrow();
    expect(row.done_at).not.toBeNull();
  });

  it('lets another instance take a row whose worker died, once one lease has passed', async () => {
    await addEvent('orphaned-1');
    // A worker that claimed and then vanished (kill -9): nobody renews its lease.
    await claimDue(database.db, 'callback_events', { owner: 'dead', now: new Date(), leaseMs: LEASE_MS, limit: 10 });
    expect(await claimAsOther()).toEqual([]);
    const taken = await claimAsOther(new Date(Date.now() + LEASE_MS + 1));
    expect(taken.map((r) => r.id)).toEqual(['orphaned-1']);
  });
});
