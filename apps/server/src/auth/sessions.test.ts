import type { CookieOptions, Request, Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, openTestDatabase, type TestDatabase } from '../testing/databases';
import { Sessions } from './sessions';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await openTestDatabase('pglite');
});
afterAll(() => tdb?.destroy());

/** The cookies a response set, by name. */
function recorder() {
  const set = new Map<string, { value: string; options: CookieOptions }>();
  const res = {
    cookie: (name: string, value: string, options: CookieOptions) => set.set(name, { value, options }),
  } as unknown as Response;
  return { res, set };
}
const requestWith = (cookies: Record<string, string>) => ({ cookies }) as unknown as Request;

describe('Sessions', () => {
  const make = (secure: boolean) =>
    new Sessions({ secret: 's'.repeat(32), corpId: 'wwcorp', secure, clock: manualClock(), db: tdb.db });

  it('uses the __Host- prefix with Secure and Path=/ on https, and plain names on http', async () => {
    const https = recorder();
    await make(true).issue(https.res, 'zhangsan');
    await make(true).issueState(https.res, 'state1', '/');
    expect([...https.set.keys()]).toEqual(['__Host-kequn_session', '__Host-kequn_oauth']);
    for (const { options } of https.set.values()) expect(options).toMatchObject({ secure: true, path: '/' });
    const http = recorder();
    await make(false).issue(http.res, 'zhangsan');
    expect([...http.set.keys()]).toEqual(['kequn_session']);
  });

  it('ends every session of a person when the epoch is raised, and only theirs', async () => {
    const sessions = make(false);
    const a = recorder();
    const b = recorder();
    await sessions.issue(a.res, 'lisi');
    await sessions.issue(b.res, 'wangwu');
    const lisi = requestWith({ kequn_session: a.set.get('kequn_session')!.value });
    const wangwu = requestWith({ kequn_session: b.set.get('kequn_session')!.value });
    expect(await sessions.read(lisi)).toMatchObject({ userId: 'lisi' });
    await sessions.endAll('lisi');
    expect(await sessions.read(lisi)).toBeNull();
    expect(await sessions.read(wangwu)).toMatchObject({ userId: 'wangwu' });
  });

  it('lets a state be used once', async () => {
    const sessions = make(false);
    await sessions.issueState(recorder().res, 'once', '/');
    expect(await Promise.all([sessions.useState('once'), sessions.useState('once')])).toEqual([true, false]);
    expect(await sessions.useState('never-issued')).toBe(false);
  });
});
