// The pool's queries on PGlite and PostgreSQL: who gets which shell group, and one low-water
// report per fall.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertOrder } from '../../orders/order-store';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../testing/databases';
import { addPoolGroup, flipLow, newState, poolFigures, takeFreeGroup } from './store';

describe('newState', () => {
  it('is short enough for WeCom (≤ 30) and not repeated', () => {
    const states = new Set(Array.from({ length: 1000 }, newState));
    expect(states.size).toBe(1000);
    for (const s of states) expect(s).toMatch(/^[A-Za-z0-9_-]{1,30}$/);
  });
});

describe.each(ENGINES)('pool store on %s', (engine) => {
  let tdb: TestDatabase;
  const now = new Date('2026-01-01T09:00:00Z');
  beforeAll(async () => {
    tdb = await openTestDatabase(engine);
  });
  afterAll(() => tdb?.destroy());

  const order = async (id: string, staff: string[]) =>
    upsertOrder(tdb.db, id, { title: id, customer: { mobile: '13000000000' }, staffUserIds: staff }, now);
  const pool = async (chatId: string, owner: string, minutesAgo: number) =>
    addPoolGroup(tdb.db, {
      chatId,
      owner,
      registeredBy: 'test',
      members: 1,
      now: new Date(now.getTime() - minutesAgo * 60_000),
    });

  it('prefers the first staff member, then other staff, then shared owners, never a stranger', async () => {
    await pool('wrShared', 'boss', 30);
    await pool('wrStranger', 'wangwu', 40);
    await pool('wrLisi', 'lisi', 20);
    await pool('wrZhang2', 'zhangsan', 5);
    await pool('wrZhang1', 'zhangsan', 10);
    const take = async (id: string) => {
      await order(id, ['zhangsan', 'lisi']);
      return (await takeFreeGroup(tdb.db, { orderId: id, staff: ['zhangsan', 'lisi'], sharedOwners: ['boss'], now }))
        ?.chat_id;
    };
    expect(await take('P-1')).toBe('wrZhang1');
    expect(await take('P-2')).toBe('wrZhang2');
    expect(await take('P-3')).toBe('wrLisi');
    expect(await take('P-4')).toBe('wrShared');
    expect(await take('P-5')).toBeUndefined();
    const figures = await poolFigures(tdb.db);
    expect(figures.find((f) => f.owner === 'wangwu')).toMatchObject({ free: 1, assigned: 0 });
    expect(figures.find((f) => f.owner === 'zhangsan')).toMatchObject({ free: 0, assigned: 2 });
  });

  it('hands concurrent takers different groups', async () => {
    for (let i = 0; i < 10; i += 1) await pool(`wrC${i}`, 'zhaoliu', i);
    const ids = Array.from({ length: 10 }, (_, i) => `C-${i}`);
    for (const id of ids) await order(id, ['zhaoliu']);
    const taken = await Promise.all(
      ids.map((id) =>
        tdb.db
          .transaction()
          .execute((trx) => takeFreeGroup(trx, { orderId: id, staff: ['zhaoliu'], sharedOwners: [], now })),
      ),
    );
    expect(new Set(taken.map((t) => t?.chat_id)).size).toBe(10);
  });

  it('reports a fall below the mark once, and again only after it rose back', async () => {
    expect(await flipLow(tdb.db, 'x', true, now)).toBe(true);
    expect(await flipLow(tdb.db, 'x', true, now)).toBe(false);
    expect(await flipLow(tdb.db, 'x', false, now)).toBe(false);
    expect(await flipLow(tdb.db, 'x', true, now)).toBe(true);
  });
});
