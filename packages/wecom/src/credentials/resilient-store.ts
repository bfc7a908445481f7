import type { Logger } from '../runtime/types';
import type { Credential, CredentialStore } from './store';

export type StoreState = 'ok' | 'down';

/** After a failure, how long operations go straight to the fallback before Redis is tried again. */
const RETRY_PRIMARY_MS = 5_000;

/**
 * Keeps the signer working when Redis is down: every operation falls back to an in-process store
 * (single-flight still holds within the process) and the state is reported for /readyz and logs.
 * While down, operations skip Redis for a few seconds at a time: a Redis that hangs (each command
 * waiting for its timeout) must not make every lookup wait that long.
 */
export class ResilientStore implements CredentialStore {
  private current: StoreState = 'ok';
  private retryPrimaryAt = 0;

  constructor(
    private readonly primary: CredentialStore,
    private readonly fallback: CredentialStore,
    private readonly logger: Logger,
    private readonly onStateChange?: (state: StoreState) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get kind(): 'memory' | 'redis' {
    return this.primary.kind;
  }

  get state(): StoreState {
    return this.current;
  }

  get(key: string): Promise<Credential | null> {
    return this.run((s) => s.get(key));
  }
  put(key: string, cred: Credential): Promise<Credential> {
    return this.run((s) => s.put(key, cred));
  }
  invalidate(key: string, value: string): Promise<boolean> {
    return this.run((s) => s.invalidate(key, value));
  }
  acquireLease(key: string, ttlMs: number): Promise<string | null> {
    return this.run((s) => s.acquireLease(key, ttlMs));
  }
  releaseLease(key: string, owner: string): Promise<void> {
    return this.run((s) => s.releaseLease(key, owner));
  }
  countInHour(key: string, hour: number): Promise<number> {
    return this.run((s) => s.countInHour(key, hour));
  }

  private async run<T>(op: (store: CredentialStore) => Promise<T>): Promise<T> {
    if (this.current === 'down' && this.now() < this.retryPrimaryAt) return op(this.fallback);
    try {
      const result = await op(this.primary);
      this.setState('ok');
      return result;
    } catch (err) {
      this.retryPrimaryAt = this.now() + RETRY_PRIMARY_MS;
      this.setState('down', err);
      return op(this.fallback);
    }
  }

  private setState(state: StoreState, err?: unknown): void {
    if (state === this.current) return;
    this.current = state;
    if (state === 'down') {
      const reason = err instanceof Error ? err.message : 'unknown';
      this.logger.warn(
        { store: this.primary.kind, reason },
        'shared cache unreachable; serving from the process cache',
      );
    } else {
      this.logger.info({ store: this.primary.kind }, 'shared cache reachable again');
    }
    this.onStateChange?.(state);
  }
}
