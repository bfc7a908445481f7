import type { SimClock } from '../clock';
import { randomId } from '../credentials/random';

/** Who the browser is signed in as: a corp member, or a non-member (openid). */
export type SignedInPerson = { userId: string } | { openid: string; externalUserId?: string };

/** OAuth codes are single use and valid for 5 minutes [platform-facts §5]. */
export const OAUTH_CODE_TTL_MS = 5 * 60 * 1000;

interface CodeRecord {
  person: SignedInPerson;
  expiresAt: number;
}

export class OAuthCodes {
  private readonly codes = new Map<string, CodeRecord>();

  constructor(private readonly clock: SimClock) {}

  issue(person: SignedInPerson): string {
    this.prune();
    const code = randomId(32);
    this.codes.set(code, { person, expiresAt: this.clock.now() + OAUTH_CODE_TTL_MS });
    return code;
  }

  /** Consumes the code: a second exchange fails, as does an expired one. */
  redeem(code: string): SignedInPerson | undefined {
    const record = this.codes.get(code);
    this.codes.delete(code);
    return record && record.expiresAt > this.clock.now() ? record.person : undefined;
  }

  private prune(): void {
    const now = this.clock.now();
    for (const [code, record] of this.codes) if (record.expiresAt <= now) this.codes.delete(code);
  }
}
