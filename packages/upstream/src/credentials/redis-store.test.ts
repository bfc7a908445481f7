import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisStore } from './redis-store';

// A real Redis (the machine's, or TEST_REDIS_URL); database 3 is this suite's own.
const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/3');
const store = new RedisStore(redis);
const key = `test:${process.pid}:ww1:1000002:token`;

beforeEach(async () => {
  await redis.del(key, `${key}:lease`);
});
afterAll(async () => {
  await redis.quit();
});

const cred = (value: string, obtainedAt: number, ttlMs = 60_000) => ({
  value,
  obtainedAt,
  expiresAt: Date.now() + ttlMs,
});

describe('RedisStore', () => {
  it('keeps expiry as the Redis TTL and reports it back as a local deadline', async () => {
    await store.put(key, cred('t1', 1, 60_000));
    const pttl = await redis.pttl(key);
    expect(pttl).toBeGreaterThan(59_000);
    const got = await store.get(key);
    expect(got?.value).toBe('t1');
    expect(got!.expiresAt - Date.now()).toBeGreaterThan(59_000);
    expect(await redis.get(key)).not.toContain('secret');
  });

  it('does not let an older fetch overwrite a newer value', async () => {
    await store.put(key, cred('newer', 200));
    const held = await store.put(key, cred('older', 100));
    expect(held.value).toBe('newer');
    expect((await store.get(key))?.value).toBe('newer');
    expect((await store.put(key, cred('newest', 300))).value).toBe('newest');
  });

  it('invalidates only the value it was asked to', async () => {
    await store.put(key, cred('current', 1));
    expect(await store.invalidate(key, 'stale')).toBe(false);
    expect(await store.invalidate(key, 'current')).toBe(true);
    expect(await store.get(key)).toBeNull();
  });

  it('grants a lease to one owner, releases only for that owner, and lets it lapse', async () => {
    const owner = await store.acquireLease(key, 200);
    expect(owner).toBeTruthy();
    expect(await store.acquireLease(key, 200)).toBeNull();
    await store.releaseLease(key, 'someone-else');
    expect(await store.acquireLease(key, 200)).toBeNull();
    await store.releaseLease(key, owner!);
    const second = await store.acquireLease(key, 100);
    expect(second).toBeTruthy();
    await new Promise((r) => setTimeout(r, 150));
    expect(await store.acquireLease(key, 100)).toBeTruthy();
  });

  it('counts per hour with an expiring counter', async () => {
    const counter = `test:${process.pid}:quota`;
    const hour = Math.floor(Date.now() / 3_600_000);
    await redis.del(`${counter}:${hour}`);
    expect(await store.countInHour(counter, hour)).toBe(1);
    expect(await store.countInHour(counter, hour)).toBe(2);
    expect(await redis.pttl(`${counter}:${hour}`)).toBeGreaterThan(3_600_000);
    await redis.del(`${counter}:${hour}`);
  });
});
