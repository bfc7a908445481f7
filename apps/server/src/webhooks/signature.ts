import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Kequn-Signature';
export const EVENT_ID_HEADER = 'X-Kequn-Event-Id';
export const EVENT_TYPE_HEADER = 'X-Kequn-Event';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "${t}.${body}">`, as receivers verify it. */
export function signWebhook(secret: string, body: string, timestampSec: number): string {
  return `t=${timestampSec},v1=${hmac(secret, `${timestampSec}.${body}`)}`;
}

/** The receiver's side (used by our tests and documented for the business system). */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  nowSec: number,
  toleranceSec = 300,
): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  const given = parts.v1;
  if (!Number.isInteger(t) || !given || Math.abs(nowSec - t) > toleranceSec) return false;
  const expected = Buffer.from(hmac(secret, `${t}.${body}`));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}
