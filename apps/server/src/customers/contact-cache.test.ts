// The same behaviour from the process cache and from Redis (the machine's, over a real connection).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock } from '../testing/databases';
import { silentLogger } from '@kequn/wecom';
import { FallbackContactCache, MemoryContactCache, RedisContactCache, type ContactCache } from './contact-cache';
import type { StaffContact } from './wecom-contacts';

const TTL_MS = 60_000;
const redis = new Redis(process.env.TEST_REDIS_URL_CONTACT_CACHE ?? 'redis://127.0.0.1:6379/7');
afterAll(() => redis.quit());

const list = (name: string): StaffContact[] => [
  { customer: { externalUserId: `wm${name}`, name, avatar: null, type: 1 }, remarkMobiles: ['13800138000'] },
];

const engines: Array<[string, () => ContactCache]> = [
  ['memory', () => new MemoryContactCache(manualClock(), TTL_MS)],
  // A corp of its own per cache, so runs never see each other's keys.
  ['redis', () => new RedisContactCache(redis, `ww${randomUUID().slice(0, 8)}`, TTL_MS)],
];

describe.each(engines)('contact cache in %s', (_name, make) => {
  it('hands back what was written under the current version', async () => {
    const cache = make();
    const cold = await cache.read('zhangsan');
    expect(cold.contacts).toBeNull();
    await cache.write('zhangsan', cold.version, list('a'));
    expect((await cache.read('zhangsan')).contacts).toEqual(list('a'));
    expect((await cache.read('lisi')).contacts).toBeNull();
  });

  it('refuses a list fetched before an invalidation, and takes the next one', async () => {
    const cache = make();
    const before = await cache.read('zhangsan');
    await cache.write('zhangsan', before.version, list('a'));
    await cache.invalidate('zhangsan');
    expect((await cache.read('zhangsan')).contacts).toBeNull();
    await cache.write('zhangsan', before.version, list('stale'));
    const after = await cache.read('zhangsan');
    expect(after.contacts).toBeNull();
    await cache.write('zhangsan', after.version, list('b'));
    expect((await cache.read('zhangsan')).contacts).toEqual(list('b'));
  });
});

describe.each(engines)('customer profiles in %s', (_name, make) => {
  const found = { found: true as const, customer: list('p')[0]!.customer };
  it('keeps a profile per staff member and drops it with their list on an invalidation', async () => {
    const cache = make();
    const cold = await cache.readProfile('zhangsan', 'wmp');
    expect(cold.profile).toBeNull();
    await cache.writeProfile('zhangsan', 'wmp', cold.version, found);
    expect((await cache.readProfile('zhangsan', 'wmp')).profile).toEqual(found);
    expect((await cache.readProfile('lisi', 'wmp')).profile).toBeNull();
    await cache.invalidate('zhangsan');
    expect((await cache.readProfile('zhangsan', 'wmp')).profile).toBeNull();
    await cache.writeProfile('zhangsan', 'wmp', cold.version, found); // fetched before the change
    expect((await cache.readProfile('zhangsan', 'wmp')).profile).toBeNull();
  });
});

describe('contact cache expiry', () => {
  it('drops a list after the TTL (process cache)', async () => {
    const clock = manualClock();
    const cache = new MemoryContactCache(clock, TTL_MS);
    await cache.write('zhangsan', (await cache.read('zhangsan')).version, list('a'));
    clock.advance(TTL_MS + 1);
    expect((await cache.read('zhangsan')).contacts).toBeNull();
  });

  it('stores the list with the TTL as the Redis expiry, keyed by corp and userid only', async () => {
    const cache = new RedisContactCache(redis, 'wwexpiry', TTL_MS);
    await cache.invalidate('zhangsan');
    await cache.write('zhangsan', (await cache.read('zhangsan')).version, list('a'));
    const ttl = await redis.pttl('kequn:contacts:wwexpiry:zhangsan');
    expect(ttl).toBeGreaterThan(TTL_MS - 5_000);
    expect(ttl).toBeLessThanOrEqual(TTL_MS);
  });
});

describe('contact cache with Redis unreachable', () => {
  // Nothing listens on port 1; like the server's client, commands fail at once instead of queueing.
  const deadRedis = new Redis('redis://127.0.0.1:1', {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  afterAll(() => deadRedis.disconnect());

  it('serves from the process cache, and fails invalidations so they are retried', async () => {
    const local = new MemoryContactCache(manualClock(), TTL_MS);
    const cache = new FallbackContactCache(new RedisContactCache(deadRedis, 'wwdown', TTL_MS), local, silentLogger);
    await cache.write('zhangsan', (await cache.read('zhangsan')).version, list('a'));
    expect((await cache.read('zhangsan')).contacts).toEqual(list('a'));
    await expect(cache.invalidate('zhangsan')).rejects.toThrow();
    expect((await local.read('zhangsan')).contacts).toBeNull(); // dropped here all the same
  });
});
