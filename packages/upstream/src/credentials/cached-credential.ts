import type { Clock, Logger, Sleep } from '../runtime/types';
import type { CachePolicy } from './policy';
import type { Credential, CredentialStore } from './store';

export type LookupResult = 'hit' | 'shared' | 'fetched';

export interface Fetched {
  value: string;
  expiresInSec: number;
}

/**
 * How a fetch failure is read, supplied by the platform client (its own error class):
 * `null` for an error it does not know (not recorded, not held); otherwise its stable code and
 * whether cold callers should fail at once for a while (configuration or quota errors).
 */
export type FailureReader = (err: unknown) => { code: string; hold: boolean } | null;

export interface CachedCredentialDeps<K extends string = string> {
  key: string;
  /** What this value is, e.g. `token`, `corpTicket`, `tenantToken`: for logs, status and metrics. */
  kind: K;
  store: CredentialStore;
  clock: Clock;
  sleep: Sleep;
  policy: CachePolicy;
  logger: Logger;
  fetch: () => Promise<Fetched>;
  /** Reads fetch failures; the platform's error class decides what is held and reported. */
  readFailure: FailureReader;
  /**
   * Runs on a cold load that found nothing shared, before the lease is taken: what `fetch`
   * depends on (the token, for a ticket). Otherwise a holder waiting on another instance's token refresh could outlive its own
   * lease and let a second instance fetch the same ticket.
   */
  prepare?: () => Promise<unknown>;
  onLookup?: (kind: K, result: LookupResult) => void;
}

export interface CredentialStatus<K extends string = string> {
  kind: K;
  cached: boolean;
  expiresInMs: number;
  lastError: string | null;
}

/**
 * One token or ticket: served from an in-process copy on the hot path, shared through the store,
 * fetched by one caller per process (single-flight) and one instance at a time (lease).
 */
export class CachedCredential<K extends string = string> {
  private local: Credential | null = null;
  private loading: Promise<string> | null = null;
  private refreshing: Promise<void> | null = null;
  private held: { error: unknown; until: number } | null = null;
  private nextRefreshAt = 0;
  private lastError: string | null = null;

  constructor(private readonly deps: CachedCredentialDeps<K>) {}

  get(): Promise<string> {
    const now = this.deps.clock.now();
    const local = this.local;
    if (local && local.expiresAt > now) {
      if (local.expiresAt - now <= this.deps.policy.refreshAheadMs && now >= this.nextRefreshAt) {
        this.refreshInBackground();
      }
      this.deps.onLookup?.(this.deps.kind, 'hit');
      return Promise.resolve(local.value);
    }
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  /** Drops `value` here and in the store, unless something newer already replaced it. */
  async invalidate(value: string): Promise<void> {
    if (this.local?.value === value) this.local = null;
    await this.deps.store.invalidate(this.deps.key, value);
  }

  /**
   * Replaces the value now, because a client proved it wrong (e.g. WeCom rejected a signature made
   * with it). At most once per `minIntervalMs` across instances, so clients cannot burn the quota;
   * an instance that loses that race takes the shared value another one fetched. The current value
   * is kept until a new one arrives, so a failed fetch leaves a still-valid value in place.
   * Returns whether this call fetched.
   */
  async forceRefresh(minIntervalMs: number): Promise<boolean> {
    const { store, key } = this.deps;
    if (!(await store.acquireLease(`${key}:forced`, minIntervalMs))) {
      const shared = await store.get(key);
      if (shared && shared.value !== this.local?.value) this.adopt(shared, 'shared');
      return false;
    }
    try {
      await this.fetchAndStore();
      return true;
    } catch (err) {
      this.deps.logger.warn(
        { kind: this.deps.kind, code: this.deps.readFailure(err)?.code ?? 'error' },
        'forced refresh failed',
      );
      return false;
    }
  }

  /** Starts a refresh when one is due; for a timer that keeps an idle instance warm. */
  refreshIfDue(): void {
    const now = this.deps.clock.now();
    if (this.local && this.local.expiresAt - now <= this.deps.policy.refreshAheadMs && now >= this.nextRefreshAt) {
      this.refreshInBackground();
    }
  }

  status(): CredentialStatus<K> {
    const remaining = this.local ? this.local.expiresAt - this.deps.clock.now() : 0;
    return {
      kind: this.deps.kind,
      cached: remaining > 0,
      expiresInMs: Math.max(0, remaining),
      lastError: this.lastError,
    };
  }

  private async load(): Promise<string> {
    const { store, key, policy, clock } = this.deps;
    if (this.held && this.held.until > clock.now()) throw this.held.error;
    let prepared = !this.deps.prepare;
    let deadline = clock.now() + policy.leaseWaitMs;
    for (;;) {
      const shared = await store.get(key);
      if (shared) return this.adopt(shared, 'shared');
      if (!prepared) {
        prepared = true;
        await this.deps.prepare?.();
        deadline = clock.now() + policy.leaseWaitMs;
        continue; // re-read: another instance may have stored it meanwhile
      }
      const owner = await store.acquireLease(key, policy.leaseMs);
      if (owner) return this.fetchUnderLease(owner);
      // Another instance holds the lease. Past the deadline both a dead holder's lease and a
      // take-over's fetch should be over; something is stuck, so serve the page anyway.
      if (clock.now() >= deadline) return this.fetchAndStore();
      await this.deps.sleep(policy.pollMs);
    }
  }

  private async fetchUnderLease(owner: string): Promise<string> {
    const { store, key } = this.deps;
    try {
      const shared = await store.get(key);
      if (shared) return this.adopt(shared, 'shared');
      return await this.fetchAndStore();
    } finally {
      await store.releaseLease(key, owner);
    }
  }

  private async fetchAndStore(): Promise<string> {
    const startedAt = this.deps.clock.now();
    let fetched: Fetched;
    try {
      fetched = await this.deps.fetch();
    } catch (err) {
      this.noteFailure(err);
      throw err;
    }
    const stored = await this.deps.store.put(this.deps.key, this.toCredential(fetched, startedAt));
    return this.adopt(stored, 'fetched');
  }

  private toCredential(fetched: Fetched, startedAt: number): Credential {
    const { policy, clock } = this.deps;
    const ttlMs = fetched.expiresInSec * 1000;
    let expiresAt = startedAt + ttlMs - Math.min(policy.safetyMarginMs, ttlMs / 4);
    // WeCom (and Feishu, with < 30 min left) can hand back the same value with a fresh lifetime
    // while the old one lives: keep the old deadline (the value really dies then), floored so we do not refetch in a tight loop.
    if (this.local && this.local.value === fetched.value) {
      expiresAt = Math.max(Math.min(expiresAt, this.local.expiresAt), clock.now() + policy.minTtlMs);
    }
    return { value: fetched.value, expiresAt, obtainedAt: startedAt };
  }

  private adopt(cred: Credential, how: LookupResult): string {
    this.local = cred;
    this.held = null;
    this.lastError = null;
    this.deps.onLookup?.(this.deps.kind, how);
    return cred.value;
  }

  private noteFailure(err: unknown): void {
    const failure = this.deps.readFailure(err);
    if (!failure) return;
    this.lastError = failure.code;
    if (failure.hold) {
      this.held = { error: err, until: this.deps.clock.now() + this.deps.policy.failureHoldMs };
    }
  }

  private refreshInBackground(): void {
    if (this.refreshing) return;
    this.nextRefreshAt = this.deps.clock.now() + this.deps.policy.refreshRetryMs;
    this.refreshing = this.refresh()
      .catch((err: unknown) => {
        // The current value is still valid and keeps being served; the next attempt comes later.
        this.deps.logger.warn(
          { kind: this.deps.kind, code: this.deps.readFailure(err)?.code ?? 'error' },
          'background refresh failed',
        );
      })
      .finally(() => (this.refreshing = null));
  }

  private async refresh(): Promise<void> {
    const { store, key, policy } = this.deps;
    const owner = await store.acquireLease(key, policy.leaseMs);
    if (!owner) return; // another instance is refreshing; its value reaches us through the store
    try {
      const shared = await store.get(key);
      if (shared && shared.obtainedAt > (this.local?.obtainedAt ?? 0)) {
        this.adopt(shared, 'shared');
        return;
      }
      await this.fetchAndStore();
    } finally {
      await store.releaseLease(key, owner);
    }
  }
}
