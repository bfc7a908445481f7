import { Redis } from 'ioredis';
import {
  MemoryStore,
  RedisStore,
  ResilientStore,
  WecomClient,
  WecomCredentials,
  type Clock,
  type CredentialStore,
  type Logger,
} from '@kequn/wecom';
import type { WecomAppConfig } from '../../config';
import type { Metrics } from '../../health/metrics';

export interface WecomRuntime {
  client: WecomClient;
  credentials: WecomCredentials;
  /** 'ok' | 'down' with Redis, null without. */
  sharedCacheState(): 'ok' | 'down' | null;
  close(): Promise<void>;
}

/**
 * Connects lazily and fails commands at once while down, so a Redis outage never blocks signing.
 * `commandTimeout` covers a Redis that stops answering without closing the connection (a network
 * partition): commands then fail after a few seconds and the process cache takes over, instead of
 * waiting for TCP to give up. Generous, so a busy event loop does not trip it.
 */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 3_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  // ioredis reports every failed reconnect; the store logs the state change once instead.
  redis.on('error', () => {});
  redis.on('ready', () => logger.info({}, 'redis ready'));
  return redis;
}

/** Waits briefly for the first connection so start-up does not needlessly fall back to the process cache. */
export function redisReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.once('ready', onReady);
  });
}

export function createWecomRuntime(opts: {
  app: WecomAppConfig;
  redis: Redis | null;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}): WecomRuntime {
  const { app, redis, clock, logger, metrics } = opts;
  const client = new WecomClient({
    baseUrl: app.apiBase,
    timeoutMs: app.timeoutMs,
    onCall: metrics.recordUpstreamCall,
  });
  const local = new MemoryStore(clock);
  const shared = redis ? new ResilientStore(new RedisStore(redis), local, logger) : null;
  const store: CredentialStore = shared ?? local;
  const credentials = new WecomCredentials({
    app: { corpId: app.corpId, agentId: app.agentId, secret: app.secret },
    client,
    store,
    clock,
    logger,
    onLookup: metrics.recordLookup,
  });
  const sharedCacheState = () => (shared ? shared.state : null);
  metrics.watchCredentials(credentials, () => {
    const state = sharedCacheState();
    return state === null ? null : state === 'ok' ? 1 : 0;
  });
  return {
    client,
    credentials,
    sharedCacheState,
    async close() {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
