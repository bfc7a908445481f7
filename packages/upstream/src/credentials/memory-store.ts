import { randomUUID } from 'node:crypto';
import type { Clock } from '../runtime/types';
import type { Credential, CredentialStore } from './store';

/** The default store: one process, no network. Expiry follows the injected clock. */
export class MemoryStore implements CredentialStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Credential>();
  private readonly leases = new Map<string, { owner: string; until: number }>();
  private readonly counters = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  async get(key: string): Promise<Credential | null> {
    const cred = this.entries.get(key);
    if (!cred || cred.expiresAt <= this.clock.now()) return null;
    return cred;
  }

  async put(key: string, cred: Credential): Promise<Credential> {
    const current = await this.get(key);
    if (current && current.obtainedAt > cred.obtainedAt) return current;
    this.entries.set(key, cred);
    return cred;
  }

  async invalidate(key: string, value: string): Promise<boolean> {
    if (this.entries.get(key)?.value !== value) return false;
    return this.entries.delete(key);
  }

  async acquireLease(key: string, ttlMs: number): Promise<string | null> {
    const now = this.clock.now();
    const lease = this.leases.get(key);
    if (lease && lease.until > now) return null;
    const owner = randomUUID();
    this.leases.set(key, { owner, until: now + ttlMs });
    return owner;
  }

  async releaseLease(key: string, owner: string): Promise<void> {
    if (this.leases.get(key)?.owner === owner) this.leases.delete(key);
  }

  async countInHour(key: string, hour: number): Promise<number> {
    const bucket = `${key}:${hour}`;
    for (const old of this.counters.keys()) if (!old.endsWith(`:${hour}`)) this.counters.delete(old);
    const count = (this.counters.get(bucket) ?? 0) + 1;
    this.counters.set(bucket, count);
    return count;
  }
}
