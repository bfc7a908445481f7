import type { Clock, CredentialStore, Logger } from '@kequn/upstream';
import type { CredentialKind } from './wecom-credentials';

const HOUR_MS = 3_600_000;

export type QuotaScope = 'app' | 'corp';
type Counts = Record<CredentialKind, number>;

/**
 * Documented hourly ticket limits (platform-facts §2): 100 per app, 400 per corp. Whether agent
 * tickets count against the same quota is unconfirmed, so both kinds are held to both limits.
 * Tokens have no documented limit.
 */
export const HOURLY_QUOTA: Record<QuotaScope, Partial<Counts>> = {
  app: { corpTicket: 100, agentTicket: 100 },
  corp: { corpTicket: 400, agentTicket: 400 },
};

const zero = (): Counts => ({ token: 0, corpTicket: 0, agentTicket: 0 });

/**
 * Counts upstream fetches per kind in the current hour, for this app and for the whole corp
 * (every app of the corp that shares the store), across instances when the store is shared.
 */
export class QuotaCounter {
  private hour = -1;
  private counts: Record<QuotaScope, Counts> = { app: zero(), corp: zero() };

  constructor(
    private readonly keys: Record<QuotaScope, string>,
    private readonly store: CredentialStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async record(kind: CredentialKind): Promise<void> {
    const hour = this.currentHour();
    for (const scope of ['app', 'corp'] as const) {
      const count = await this.store.countInHour(`${this.keys[scope]}:${kind}`, hour);
      this.counts[scope][kind] = Math.max(this.counts[scope][kind], count);
      const limit = HOURLY_QUOTA[scope][kind];
      if (limit !== undefined && count >= limit * 0.8) {
        this.logger.warn({ kind, scope, count, limit }, 'hourly WeCom ticket quota nearly used up');
      }
    }
  }

  /** Fetches seen this hour (by any instance, as of this instance's last fetch). */
  snapshot(): Record<QuotaScope, Counts> {
    this.currentHour();
    return { app: { ...this.counts.app }, corp: { ...this.counts.corp } };
  }

  private currentHour(): number {
    const hour = Math.floor(this.clock.now() / HOUR_MS);
    if (hour !== this.hour) {
      this.hour = hour;
      this.counts = { app: zero(), corp: zero() };
    }
    return hour;
  }
}
