/** A token or ticket as cached. `obtainedAt` orders writes so an older fetch never wins. */
export interface Credential {
  value: string;
  /** Epoch ms when the cached copy must no longer be used (upstream TTL less the margin). */
  expiresAt: number;
  /** Epoch ms when the fetch that produced it started. */
  obtainedAt: number;
}

/**
 * Where credentials are shared. The in-process implementation serves one instance; the Redis one
 * lets many instances share one token, one lease and one quota count.
 */
export interface CredentialStore {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<Credential | null>;
  /** Stores `cred` unless the store holds one obtained later; returns what the store now holds. */
  put(key: string, cred: Credential): Promise<Credential>;
  /** Deletes the entry only while it still holds `value`, so a newer token is never thrown away. */
  invalidate(key: string, value: string): Promise<boolean>;
  /** Takes a lease that expires on its own after `ttlMs`; returns its owner token or null. */
  acquireLease(key: string, ttlMs: number): Promise<string | null>;
  /** Releases the lease only if `owner` still holds it. */
  releaseLease(key: string, owner: string): Promise<void>;
  /** Adds one to a counter that lives for the given hour; returns the new count. */
  countInHour(key: string, hour: number): Promise<number>;
}
