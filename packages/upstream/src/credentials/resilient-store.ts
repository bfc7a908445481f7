import { Failover, type StoreState } from '../runtime/failover';
import type { Logger } from '../runtime/types';
import type { Credential, CredentialStore } from './store';

export type { StoreState };

/**
 * Keeps credentials served when Redis is down: every operation falls back to an in-process store
 * (single-flight still holds within the process) and the state is reported for /readyz and logs.
 */
export class ResilientStore implements CredentialStore {
  private readonly failover: Failover<CredentialStore>;

  constructor(primary: CredentialStore, fallback: CredentialStore, logger: Logger) {
    this.failover = new Failover(primary, fallback, { logger, name: 'shared cache' });
  }

  get kind(): 'memory' | 'redis' {
    return this.failover.primary.kind;
  }

  get state(): StoreState {
    return this.failover.state;
  }

  get(key: string): Promise<Credential | null> {
    return this.failover.run((s) => s.get(key));
  }
  put(key: string, cred: Credential): Promise<Credential> {
    return this.failover.run((s) => s.put(key, cred));
  }
  invalidate(key: string, value: string): Promise<boolean> {
    return this.failover.run((s) => s.invalidate(key, value));
  }
  acquireLease(key: string, ttlMs: number): Promise<string | null> {
    return this.failover.run((s) => s.acquireLease(key, ttlMs));
  }
  releaseLease(key: string, owner: string): Promise<void> {
    return this.failover.run((s) => s.releaseLease(key, owner));
  }
  countInHour(key: string, hour: number): Promise<number> {
    return this.failover.run((s) => s.countInHour(key, hour));
  }
}
