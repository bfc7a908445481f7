import {
  CachedCredential,
  DEFAULT_CACHE_POLICY,
  failureReader,
  realSleep,
  silentLogger,
  systemClock,
  type CachePolicy,
  type Clock,
  type CredentialStatus as UpstreamCredentialStatus,
  type CredentialStore,
  type Fetched,
  type Logger,
  type LookupResult,
  type Sleep,
} from '@kequn/upstream';
import type { WecomClient } from '../client/wecom-client';
import { isWecomError } from '../errors/wecom-error';
import { QuotaCounter } from './quota';

export type CredentialKind = 'token' | 'corpTicket' | 'agentTicket';
export type CredentialStatus = UpstreamCredentialStatus<CredentialKind>;
export type { LookupResult };

/** Only WeCom's own errors are recorded; configuration and quota errors hold cold callers off. */
const readWecomFailure = failureReader(isWecomError);

/** Forced ticket refreshes: at most one per kind per 5 minutes, 12 an hour, well inside the quota. */
export const FORCED_REFRESH_INTERVAL_MS = 5 * 60_000;

export interface AppIdentity {
  corpId: string;
  agentId: string;
  secret: string;
}

export interface CredentialsOptions {
  app: AppIdentity;
  client: WecomClient;
  store: CredentialStore;
  clock?: Clock;
  sleep?: Sleep;
  logger?: Logger;
  policy?: Partial<CachePolicy>;
  onLookup?: (kind: CredentialKind, result: LookupResult) => void;
}

/** The access token and both JS-SDK tickets of one self-built app, cached and kept fresh. */
export class WecomCredentials {
  readonly quota: QuotaCounter;
  private readonly token: CachedCredential<CredentialKind>;
  private readonly corpTicket: CachedCredential<CredentialKind>;
  private readonly agentTicket: CachedCredential<CredentialKind>;

  constructor(private readonly options: CredentialsOptions) {
    const { corpId, agentId, secret } = options.app;
    // No secret in any key: one entry per corp and app is enough (a token serves one app only).
    const prefix = `kequn:wecom:${corpId}:${agentId}`;
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    const quotaKeys = { app: `kequn:wecom:quota:${corpId}:${agentId}`, corp: `kequn:wecom:quota:${corpId}` };
    this.quota = new QuotaCounter(quotaKeys, options.store, clock, logger);
    const make = (kind: CredentialKind, fetch: () => Promise<Fetched>, prepare?: () => Promise<unknown>) =>
      new CachedCredential<CredentialKind>({
        key: `${prefix}:${kind}`,
        kind,
        store: options.store,
        clock,
        sleep: options.sleep ?? realSleep,
        policy: { ...DEFAULT_CACHE_POLICY, ...options.policy },
        logger,
        fetch: async () => {
          const fetched = await fetch();
          await this.quota.record(kind);
          return fetched;
        },
        readFailure: readWecomFailure,
        ...(prepare ? { prepare } : {}),
        ...(options.onLookup ? { onLookup: options.onLookup } : {}),
      });
    const tokenFirst = () => this.token.get();
    const client = options.client;
    this.token = make('token', async () => {
      const reply = await client.getAccessToken(corpId, secret);
      return { value: reply.accessToken, expiresInSec: reply.expiresInSec };
    });
    this.corpTicket = make(
      'corpTicket',
      () =>
        this.withAccessToken(async (t) => {
          const reply = await client.getCorpTicket(t);
          return { value: reply.ticket, expiresInSec: reply.expiresInSec };
        }),
      tokenFirst,
    );
    this.agentTicket = make(
      'agentTicket',
      () =>
        this.withAccessToken(async (t) => {
          const reply = await client.getAgentTicket(t);
          return { value: reply.ticket, expiresInSec: reply.expiresInSec };
        }),
      tokenFirst,
    );
  }

  get app(): Pick<AppIdentity, 'corpId' | 'agentId'> {
    return { corpId: this.options.app.corpId, agentId: this.options.app.agentId };
  }

  accessToken(): Promise<string> {
    return this.token.get();
  }

  getCorpTicket(): Promise<string> {
    return this.corpTicket.get();
  }

  getAgentTicket(): Promise<string> {
    return this.agentTicket.get();
  }

  /**
   * Runs an API call with the token. If WeCom says the token died (40014/42001), drops that token
   * (only if still cached), fetches a new one and retries once.
   */
  async withAccessToken<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.token.get();
    try {
      return await call(token);
    } catch (err) {
      if (!isWecomError(err) || err.kind !== 'token_invalid') throw err;
      await this.token.invalidate(token);
      return call(await this.token.get());
    }
  }

  /** Re-fetches both tickets after a client reported a signature WeCom refused (rate limited). */
  async refreshTickets(minIntervalMs = FORCED_REFRESH_INTERVAL_MS): Promise<boolean> {
    const done = await Promise.all([
      this.corpTicket.forceRefresh(minIntervalMs),
      this.agentTicket.forceRefresh(minIntervalMs),
    ]);
    return done.some(Boolean);
  }

  /** Fetches what is missing; failures are recorded in status(), never thrown. */
  async warm(): Promise<void> {
    await Promise.allSettled([this.getCorpTicket(), this.getAgentTicket()]);
  }

  refreshIfDue(): void {
    for (const c of [this.token, this.corpTicket, this.agentTicket]) c.refreshIfDue();
  }

  status(): CredentialStatus[] {
    return [this.token.status(), this.corpTicket.status(), this.agentTicket.status()];
  }
}
