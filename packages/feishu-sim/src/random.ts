import { randomBytes } from 'node:crypto';

/** Lowercase hex, the alphabet of Feishu's ids (`oc_…`, `om_…`, event ids, tokens). */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
