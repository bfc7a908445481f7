import { randomBytes } from 'node:crypto';

/** URL-safe random string; WeCom tokens and tickets are opaque strings of similar length. */
export function randomId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
