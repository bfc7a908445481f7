import { Redis } from 'ioredis';
import { RedisStore } from '../credentials/redis-store';

export interface TestRedis {
  redis: Redis;
  store: RedisStore;
  /** Deletes every key under the prefix, then disconnects. */
  close(): Promise<void>;
}

/**
 * A RedisStore on the machine's Redis (or TEST_REDIS_URL's host) in database `db`, with every key
 * under `prefix`, so concurrent runs and suites never see each other's tokens and leases.
 */
export function testRedisStore(db: number, prefix: string): TestRedis {
  const url = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  url.pathname = `/${db}`;
  const redis = new Redis(url.toString(), { keyPrefix: prefix, maxRetriesPerRequest: 1 });
  return {
    redis,
    store: new RedisStore(redis),
    async close() {
      const keys = await redis.keys(`${prefix}*`);
      // KEYS answers full names; DEL would prefix them again.
      if (keys.length) await redis.del(...keys.map((k) => k.slice(prefix.length)));
      await redis.quit();
    },
  };
}
