import type { SimClock } from '../clock';
import { randomId } from './random';

/** Lifetime of access tokens and tickets, in seconds [platform-facts §1, §2]. */
export const CREDENTIAL_TTL_S = 7200;

export interface TokenRecord {
  token: string;
  agentId: string;
  expiresAt: number;
  revoked: boolean;
}

export type TokenCheck = { ok: true; record: TokenRecord } | { ok: false; errcode: 40014 | 42001 };

/** Access tokens, one current token per app (the secret identifies the app). */
export class TokenStore {
  private readonly byToken = new Map<string, TokenRecord>();
  private readonly currentByApp = new Map<string, TokenRecord>();

  constructor(private readonly clock: SimClock) {}

  /** Within validity WeCom hands back the same token; after expiry or revocation, a new one. */
  issue(agentId: string): TokenRecord {
    const current = this.currentByApp.get(agentId);
    if (current && !current.revoked && current.expiresAt > this.clock.now()) return current;
    // ~170 characters, comparable to real tokens (callers must reserve ≥ 512 bytes).
    const record: TokenRecord = {
      token: randomId(128),
      agentId,
      expiresAt: this.clock.now() + CREDENTIAL_TTL_S * 1000,
      revoked: false,
    };
    this.byToken.set(record.token, record);
    this.currentByApp.set(agentId, record);
    return record;
  }

  check(token: string): TokenCheck {
    const record = this.byToken.get(token);
    if (!record || record.revoked) return { ok: false, errcode: 40014 };
    if (record.expiresAt <= this.clock.now()) return { ok: false, errcode: 42001 };
    return { ok: true, record };
  }

  /** Revokes one token, or every unexpired token when none is named. Returns how many. */
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
}
