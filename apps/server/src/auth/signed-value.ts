import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tamper-proof cookie values: base64url(JSON) + "." + HMAC-SHA256 over purpose and payload.
 * The purpose keeps a value signed for one cookie from being accepted as another.
 * Values carry their own expiry (`exp`, ms) so a copied cookie dies on time.
 */
export class SignedValues {
  constructor(
    private readonly secret: string,
    private readonly purpose: string,
  ) {}

  sign(payload: Record<string, unknown> & { exp: number }): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The payload, or null when the value is malformed, forged or expired. */
  verify(value: string | undefined, now: number): Record<string, unknown> | null {
    if (!value || value.length > 4096) return null;
    const dot = value.indexOf('.');
    if (dot <= 0) return null;
    const body = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(this.mac(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (typeof payload !== 'object' || payload === null) return null;
    const exp = (payload as { exp?: unknown }).exp;
    return typeof exp === 'number' && exp > now ? (payload as Record<string, unknown>) : null;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(`${this.purpose}.${body}`).digest('base64url');
  }
}
