import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Credential, CredentialStore } from './store';

// Expiry lives in Redis as the key's TTL (from the platform's expires_in), not as an absolute time from
// one instance's clock; readers turn the remaining PTTL back into a local deadline.
const GET = `
local v = redis.call('GET', KEYS[1])
if not v then return nil end
return {v, redis.call('PTTL', KEYS[1])}`;

const PUT_IF_NEWER = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local held = cjson.decode(cur)
  if tonumber(held.obtainedAt) > tonumber(ARGV[2]) then return {cur, redis.call('PTTL', KEYS[1])} end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return {ARGV[1], tonumber(ARGV[3])}`;

const DELETE_IF_VALUE = `
local cur = redis.call('GET', KEYS[1])
if cur and cjson.decode(cur).value == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const RELEASE_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const INCR_HOURLY = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

const HOUR_MS = 3_600_000;

type Stored = { value: string; obtainedAt: number };

/** Shares credentials, leases and quota counts between server instances through Redis. */
export class RedisStore implements CredentialStore {
  readonly kind = 'redis' as const;

  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<Credential | null> {
    const reply = (await this.redis.eval(GET, 1, key)) as [string, number] | null;
    return reply ? this.decode(reply) : null;
  }

  async put(key: string, cred: Credential): Promise<Credential> {
    const ttlMs = Math.max(1, Math.floor(cred.expiresAt - this.now()));
    const stored: Stored = { value: cred.value, obtainedAt: cred.obtainedAt };
    const reply = (await this.redis.eval(
      PUT_IF_NEWER,
      1,
      key,
      JSON.stringify(stored),
      String(cred.obtainedAt),
      String(ttlMs),
    )) as [string, number];
    return this.decode(reply);
  }

  async invalidate(key: string, value: string): Promise<boolean> {
    return (await this.redis.eval(DELETE_IF_VALUE, 1, key, value)) === 1;
  }

  async acquireLease(key: string, ttlMs: number): Promise<string | null> {
    const owner = randomUUID();
    const ok = await this.redis.set(`${key}:lease`, owner, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? owner : null;
  }

  async releaseLease(key: string, owner: string): Promise<void> {
    await this.redis.eval(RELEASE_IF_OWNER, 1, `${key}:lease`, owner);
  }

  async countInHour(key: string, hour: number): Promise<number> {
    return Number(await this.redis.eval(INCR_HOURLY, 1, `${key}:${hour}`, String(2 * HOUR_MS)));
  }

  private decode([raw, pttl]: [string, number]): Credential {
    const stored = JSON.parse(raw) as Stored;
    return { value: stored.value, obtainedAt: stored.obtainedAt, expiresAt: this.now() + Number(pttl) };
  }
}
