import type { SimClock } from '../clock';
import { randomHex } from '../random';

/** Lifetime of a tenant_access_token, and the remaining time under which a new one is issued [facts §9]. */
export const TOKEN_TTL_S = 7200;
export const RENEW_BELOW_S = 30 * 60;

export interface TokenRecord {
  token: string;
  appId: string;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

/**
 * tenant_access_token/internal: with ≥ 30 minutes left the same token is served again, with
 * its remaining lifetime as `expire`; below that a new token is issued and the old one stays
 * valid until it expires (two valid tokens at once).
 */
export class TenantTokenStore {
  private readonly byToken = new Map<string, TokenRecord>();
  private current: TokenRecord | undefined;
  fetches = 0;

  constructor(private readonly clock: SimClock) {}

  issue(appId: string): { record: TokenRecord; expire: number } {
    this.fetches += 1;
    const now = this.clock.now();
    const usable = this.current && !this.current.revoked && this.current.appId === appId;
    if (!usable || this.current!.expiresAt - now < RENEW_BELOW_S * 1000) {
      // `t-` and 40 hex characters, the shape of the documented example.
      const record: TokenRecord = {
        token: `t-${randomHex(20)}`,
        appId,
        issuedAt: now,
        expiresAt: now + TOKEN_TTL_S * 1000,
        revoked: false,
      };
      this.byToken.set(record.token, record);
      this.current = record;
    }
    const record = this.current!;
    return { record, expire: Math.floor((record.expiresAt - now) / 1000) };
  }

  /** The live record for a token, or undefined when unknown, revoked or expired. */
  check(token: string): TokenRecord | undefined {
    const record = this.byToken.get(token);
    if (!record || record.revoked || record.expiresAt <= this.clock.now()) return undefined;
    return record;
  }

  /** Revokes one token, or every live token when none is named. Returns how many. */
  revoke(token?: string): number {
    const targets = token === undefined ? [...this.byToken.values()] : [this.byToken.get(token)];
    let count = 0;
    for (const record of targets) {
      if (record && !record.revoked && record.expiresAt > this.clock.now()) {
        record.revoked = true;
        count += 1;
      }
    }
    return count;
  }

  stats(): { fetches: number; issued: number; live: number } {
    const now = this.clock.now();
    const live = [...this.byToken.values()].filter((r) => !r.revoked && r.expiresAt > now).length;
    return { fetches: this.fetches, issued: this.byToken.size, live };
  }
}
