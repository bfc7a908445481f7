// Two PostgreSQL connections interleaving a press on an order with WeCom's dismissal of its group
// (PGlite has one connection, so there the two can never interleave).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertOrder } from '../orders/order-store';
import { manualClock, openTestDatabase, type TestDatabase } from '../testing/databases';
import { acquireIntent, archiveDismissed, bindChat, dismissBinding, findBinding } from './binding-store';
import { dismissedGroupsOf } from './group-view';

let tdb: TestDatabase;
const clock = manualClock();
const now = () => new Date(clock.now());

beforeAll(async () => {
  tdb = await openTestDatabase('postgres');
});
afterAll(() => tdb?.destroy());

async function boundOrder(id: string, chatId: string): Promise<void> {
  await upsertOrder(tdb.db, id, { title: id, customer: { mobile: '13800138001' }, staffUserIds: ['zhangsan'] }, now());
  await bindChat(tdb.db, { orderId: id, chatId, userId: 'zhangsan', now: now() });
}

describe('a dismissal that commits in the middle of a press (PostgreSQL)', () => {
  it('is never overwritten unarchived: the press waits for the next one, which archives it', async () => {
    await boundOrder('RACE-1', 'wrRace1');
    const press = () =>
      tdb.db.transaction().execute(async (trx) => {
        await archiveDismissed(trx, 'RACE-1'); // still bound: nothing to archive
        await dismissBinding(tdb.db, 'RACE-1', 'wrRace1', now()); // another connection, committed at once
        return acquireIntent(trx, { orderId: 'RACE-1', userId: 'lisi', now: now(), leaseMs: 60_000, customerIds: [] });
      });
    expect(await press()).toMatchObject({ acquired: false, binding: { status: 'dismissed', chatId: 'wrRace1' } });

    const next = await tdb.db.transaction().execute(async (trx) => {
      await archiveDismissed(trx, 'RACE-1');
      return acquireIntent(trx, { orderId: 'RACE-1', userId: 'lisi', now: now(), leaseMs: 60_000, customerIds: [] });
    });
    expect(next).toMatchObject({ acquired: true, binding: { status: 'creating', chatId: null } });
    expect((await dismissedGroupsOf(tdb.db, 'RACE-1')).map((g) => g.chatId)).toEqual(['wrRace1']);
  });

  it('a direct bind in the same gap leaves the dismissed group in place too', async () => {
    await boundOrder('RACE-2', 'wrRace2');
    const bound = await tdb.db.transaction().execute(async (trx) => {
      await archiveDismissed(trx, 'RACE-2');
      await dismissBinding(tdb.db, 'RACE-2', 'wrRace2', now());
      return bindChat(trx, { orderId: 'RACE-2', chatId: 'wrRace2new', userId: 'zhangsan', now: now() });
    });
    expect(bound).toBeNull();
    expect(await findBinding(tdb.db, 'RACE-2')).toMatchObject({ status: 'dismissed', chatId: 'wrRace2' });
  });
});
