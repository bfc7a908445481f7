import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { sendPage } from './pages';

export interface SignInLimits {
  windowMs: number;
  /** Per client address (TRUST_PROXY decides which address that is) and window. */
  limit: number;
}

/**
 * A corp's staff often share one egress address, so the limit is generous for people and tight
 * for a script: one code per state is enforced elsewhere, this only caps the attempts.
 */
export const SIGN_IN_LIMITS: SignInLimits = { windowMs: 60_000, limit: 60 };

/**
 * Rate limit of the sign-in endpoints per client address; counted in Redis when configured (all
 * instances share the count), in the process otherwise. A Redis outage lets sign-ins through
 * rather than locking every staff member out.
 */
export function signInLimiter(
  redis: Redis | null,
  name: string,
  limits: SignInLimits = SIGN_IN_LIMITS,
): RequestHandler {
  return rateLimit({
    windowMs: limits.windowMs,
    limit: limits.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    passOnStoreError: true,
    // TRUST_PROXY is the operator's decision (config.ts); the library's console warnings add nothing.
    validate: { trustProxy: false, xForwardedForHeader: false },
    ...(redis
      ? {
          store: new RedisStore({
            prefix: `kequn:ratelimit:${name}:`,
            sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
          }),
        }
      : {}),
    handler: (_req, res) =>
      sendPage(res, 429, 'too_many_sign_ins', '登录请求过于频繁', '请稍等一分钟后，再重新打开订单页面。'),
  });
}
