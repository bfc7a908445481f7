// What the join-QR route adds to a sync: attribution by state and one group.qr_full at the cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { BindingRecord } from '../../groups/binding-store';
import type { SeenMember } from '../../groups/member-store';
import { upsertOrder } from '../../orders/order-store';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../testing/databases';
import { Outbox } from '../../webhooks/events';
import { joinQrRoute } from './route';
import { ensureJoinQrRow, setJoinQrChat } from './store';

describe.each(ENGINES)('joinQrRoute.observe on %s', (engine) => {
  let tdb: TestDatabase;
  const now = new Date('2026-01-01T09:00:00Z');
  const route = joinQrRoute({ outbox: new Outbox(true), logger: pino({ level: 'silent' }) });
  beforeAll(async () => {
    tdb = await openTestDatabase(engine);
  });
  afterAll(() => tdb?.destroy());

  const customer = (id: string, state: string | null): SeenMember => ({
    id,
    type: 'customer',
    name: null,
    joinedAt: null,
    joinScene: 3,
    state,
  });
  const binding = (orderId: string, chatId: string) => ({ orderId, chatId, platform: 'wecom' }) as BindingRecord;

  it('names members who came with the order’s state, and reports the QR cap once', async () => {
    await upsertOrder(
      tdb.db,
      'R-1',
      { title: 'R-1', customer: { mobile: '13000000000' }, staffUserIds: ['zhangsan'] },
      now,
    );
    const row = await ensureJoinQrRow(tdb.db, 'R-1', now);
    await setJoinQrChat(tdb.db, 'R-1', 'wrR1', now);
    const joined = [customer('wmA', row.state), customer('wmB', 'someone-else'), customer('wmC', null)];
    const small = { chatId: 'wrR1', owner: 'zhangsan', createTime: now, members: joined };
    const seen = await route.observe!(tdb.db, { binding: binding('R-1', 'wrR1'), chat: small, joined, now });
    expect([...(seen.joinedVia ?? new Map()).entries()]).toEqual([['wmA', { via: 'join_qr', state: row.state }]]);
    expect(seen.events).toBe(0);
    const full = { ...small, members: Array.from({ length: 200 }, (_, i) => customer(`wm${i}`, null)) };
    const first = await route.observe!(tdb.db, { binding: binding('R-1', 'wrR1'), chat: full, joined: [], now });
    const second = await route.observe!(tdb.db, { binding: binding('R-1', 'wrR1'), chat: full, joined: [], now });
    expect([first.events, second.events]).toEqual([1, 0]);
    const events = await tdb.db.selectFrom('webhook_outbox').select('event_type').execute();
    expect(events.filter((e) => e.event_type === 'group.qr_full')).toHaveLength(1);
  });

  it('leaves orders without a join QR alone', async () => {
    await upsertOrder(
      tdb.db,
      'R-2',
      { title: 'R-2', customer: { mobile: '13000000000' }, staffUserIds: ['zhangsan'] },
      now,
    );
    const chat = { chatId: 'wrR2', owner: 'zhangsan', createTime: now, members: [customer('wmA', 'x')] };
    expect(await route.observe!(tdb.db, { binding: binding('R-2', 'wrR2'), chat, joined: chat.members, now })).toEqual({
      events: 0,
    });
  });
});
