import { describe, expect, it } from 'vitest';
import { MemoryStore } from '@kequn/upstream';
import { createFakeClock } from '@kequn/upstream/testing';
import { QuotaCounter } from './quota';

function counter(store: MemoryStore, clock: ReturnType<typeof createFakeClock>, agentId: string) {
  const warnings: object[] = [];
  const logger = { info() {}, error() {}, warn: (obj: object) => void warnings.push(obj) };
  const keys = { app: `q:ww1:${agentId}`, corp: 'q:ww1' };
  return { quota: new QuotaCounter(keys, store, clock, logger), warnings };
}

describe('QuotaCounter', () => {
  it('counts fetches per kind for the app and for the corp, and starts over each hour', async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1, 10, 59, 0));
    const store = new MemoryStore(clock);
    const a = counter(store, clock, '1000002');
    const b = counter(store, clock, '1000003'); // another app of the same corp
    await a.quota.record('corpTicket');
    await a.quota.record('corpTicket');
    await b.quota.record('corpTicket');
    await a.quota.record('token');
    expect(a.quota.snapshot().app).toEqual({ token: 1, corpTicket: 2, agentTicket: 0 });
    expect(b.quota.snapshot()).toMatchObject({ app: { corpTicket: 1 }, corp: { corpTicket: 3 } });
    clock.advance(60_000);
    expect(a.quota.snapshot().app).toEqual({ token: 0, corpTicket: 0, agentTicket: 0 });
    await a.quota.record('corpTicket');
    expect(a.quota.snapshot()).toMatchObject({ app: { corpTicket: 1 }, corp: { corpTicket: 1 } });
  });

  it('warns at 80 % of the documented 100 tickets an hour per app', async () => {
    const clock = createFakeClock();
    const { quota, warnings } = counter(new MemoryStore(clock), clock, '1000002');
    for (let i = 0; i < 79; i++) await quota.record('agentTicket');
    expect(warnings).toEqual([]);
    await quota.record('agentTicket');
    expect(warnings).toEqual([{ kind: 'agentTicket', scope: 'app', count: 80, limit: 100 }]);
  });
});
