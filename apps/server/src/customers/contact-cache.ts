import type { Redis } from 'ioredis';
import { Failover, type Clock, type Logger } from '@kequn/wecom';
import type { ProfileLookup, StaffContact } from './wecom-contacts';

/**
 * Staff members' customer lists, shared by every instance when Redis is configured. `version`
 * is read before fetching from WeCom and handed back to `write`, which stores nothing if the list
 * was invalidated meanwhile: a fetch that started before a change never brings the old list back.
 */
export interface ContactCache {
  read(userId: string): Promise<{ contacts: StaffContact[] | null; version: string }>;
  write(userId: string, version: string, contacts: StaffContact[]): Promise<void>;
  /**
   * One customer as the staff member's order page showed it (externalcontact/get), under the
   * same version: an invalidation of the staff member drops their profiles with their list.
   */
  readProfile(userId: string, externalUserId: string): Promise<{ profile: ProfileLookup | null; version: string }>;
  writeProfile(userId: string, externalUserId: string, version: string, profile: ProfileLookup): Promise<void>;
  invalidate(userId: string): Promise<void>;
}

/** Staff members whose lists one process keeps; the oldest is dropped beyond this. */
const MAX_CACHED_STAFF = 500;

export class MemoryContactCache implements ContactCache {
  private readonly lists = new Map<string, { contacts: StaffContact[]; expiresAt: number }>();
  private readonly profiles = new Map<string, { profile: ProfileLookup; version: string; expiresAt: number }>();
  /** Invalidations per staff member; kept twice the TTL, like the Redis version keys. */
  private readonly versions = new Map<string, { n: number; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  read(userId: string): Promise<{ contacts: StaffContact[] | null; version: string }> {
    const entry = this.lists.get(userId);
    const fresh = entry && entry.expiresAt > this.clock.now() ? entry.contacts : null;
    if (!fresh) this.lists.delete(userId);
    return Promise.resolve({ contacts: fresh, version: this.versionOf(userId) });
  }

  write(userId: string, version: string, contacts: StaffContact[]): Promise<void> {
    if (this.versionOf(userId) !== version) return Promise.resolve();
    this.lists.delete(userId);
    this.lists.set(userId, { contacts, expiresAt: this.clock.now() + this.ttlMs });
    if (this.lists.size > MAX_CACHED_STAFF) {
      const oldest = this.lists.keys().next().value;
      if (oldest !== undefined) this.lists.delete(oldest);
    }
    return Promise.resolve();
  }

  readProfile(userId: string, externalUserId: string): Promise<{ profile: ProfileLookup | null; version: string }> {
    const version = this.versionOf(userId);
    const key = `${userId}\n${externalUserId}`;
    const entry = this.profiles.get(key);
    const fresh = entry && entry.version === version && entry.expiresAt > this.clock.now() ? entry.profile : null;
    if (!fresh) this.profiles.delete(key);
    return Promise.resolve({ profile: fresh, version });
  }

  writeProfile(userId: string, externalUserId: string, version: string, profile: ProfileLookup): Promise<void> {
    if (this.versionOf(userId) !== version) return Promise.resolve();
    this.profiles.set(`${userId}\n${externalUserId}`, { profile, version, expiresAt: this.clock.now() + this.ttlMs });
    if (this.profiles.size > MAX_CACHED_STAFF * 20) {
      const oldest = this.profiles.keys().next().value;
      if (oldest !== undefined) this.profiles.delete(oldest);
    }
    return Promise.resolve();
  }

  invalidate(userId: string): Promise<void> {
    this.lists.delete(userId);
    const now = this.clock.now();
    this.versions.set(userId, { n: (this.versions.get(userId)?.n ?? 0) + 1, at: now });
    if (this.versions.size > MAX_CACHED_STAFF * 4) {
      for (const [id, v] of this.versions) if (now - v.at > this.ttlMs * 2) this.versions.delete(id);
    }
    return Promise.resolve();
  }

  private versionOf(userId: string): string {
    return String(this.versions.get(userId)?.n ?? 0);
  }
}

/** Stores the list only if its version is still the current one (no invalidation since the read). */
const WRITE_IF_CURRENT = `
local current = redis.call('GET', KEYS[2]) or '0'
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

/** Keys hold the corp and the staff userid only (no secret, no customer data in key names). */
export class RedisContactCache implements ContactCache {
  constructor(
    private readonly redis: Redis,
    private readonly corpId: string,
    private readonly ttlMs: number,
  ) {}

  async read(userId: string): Promise<{ contacts: StaffContact[] | null; version: string }> {
    const [list, version] = await this.redis.mget(this.listKey(userId), this.versionKey(userId));
    return { contacts: list ? (JSON.parse(list) as StaffContact[]) : null, version: version ?? '0' };
  }

  async write(userId: string, version: string, contacts: StaffContact[]): Promise<void> {
    await this.redis.eval(
      WRITE_IF_CURRENT,
      2,
      this.listKey(userId),
      this.versionKey(userId),
      version,
      JSON.stringify(contacts),
      String(this.ttlMs),
    );
  }

  async readProfile(
    userId: string,
    externalUserId: string,
  ): Promise<{ profile: ProfileLookup | null; version: string }> {
    const [stored, current] = await this.redis.mget(this.profileKey(userId, externalUserId), this.versionKey(userId));
    const version = current ?? '0';
    const entry = stored ? (JSON.parse(stored) as { v: string; p: ProfileLookup }) : null;
    return { profile: entry && entry.v === version ? entry.p : null, version };
  }

  async writeProfile(userId: string, externalUserId: string, version: string, profile: ProfileLookup): Promise<void> {
    await this.redis.eval(
      WRITE_IF_CURRENT,
      2,
      this.profileKey(userId, externalUserId),
      this.versionKey(userId),
      version,
      JSON.stringify({ v: version, p: profile }),
      String(this.ttlMs),
    );
  }

  async invalidate(userId: string): Promise<void> {
    // The version outlives any list written under the old one, so a late write is always refused.
    await this.redis
      .multi()
      .incr(this.versionKey(userId))
      .pexpire(this.versionKey(userId), this.ttlMs * 2)
      .del(this.listKey(userId))
      .exec();
  }

  private listKey(userId: string): string {
    return `kequn:contacts:${this.corpId}:${userId}`;
  }
  /** Profiles carry the version they were read under: a newer version makes them stale. */
  private profileKey(userId: string, externalUserId: string): string {
    return `kequn:contacts:${this.corpId}:${userId}:profile:${externalUserId}`;
  }
  private versionKey(userId: string): string {
    return `kequn:contacts:${this.corpId}:${userId}:version`;
  }
}

/**
 * Redis first; while it cannot be reached, the process cache (the same failover as the token
 * store), so pages keep finding customers without paging WeCom on every view. Lists dropped on
 * other instances meanwhile may be served here until the TTL. Invalidations always reach the
 * process cache and fail when Redis cannot be reached, so the caller retries them.
 */
export class FallbackContactCache implements ContactCache {
  private readonly failover: Failover<ContactCache>;

  constructor(primary: ContactCache, fallback: ContactCache, logger: Logger) {
    this.failover = new Failover(primary, fallback, { logger, name: 'customer cache' });
  }

  read(userId: string): Promise<{ contacts: StaffContact[] | null; version: string }> {
    return this.failover.run((cache) => cache.read(userId));
  }

  write(userId: string, version: string, contacts: StaffContact[]): Promise<void> {
    return this.failover.run((cache) => cache.write(userId, version, contacts));
  }

  readProfile(userId: string, externalUserId: string): Promise<{ profile: ProfileLookup | null; version: string }> {
    return this.failover.run((cache) => cache.readProfile(userId, externalUserId));
  }

  writeProfile(userId: string, externalUserId: string, version: string, profile: ProfileLookup): Promise<void> {
    return this.failover.run((cache) => cache.writeProfile(userId, externalUserId, version, profile));
  }

  async invalidate(userId: string): Promise<void> {
    await this.failover.fallback.invalidate(userId);
    await this.failover.primary.invalidate(userId);
  }
}
