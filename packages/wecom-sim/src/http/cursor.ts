import { createHash } from 'node:crypto';
import { WecomError } from './wecom-errors';

/**
 * Opaque paging cursors. They carry the offset and a fingerprint of the query, so a cursor
 * replayed with different filters fails instead of silently skipping data.
 */
export function encodeCursor(offset: number, query: unknown): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint(query) })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, query: unknown): number {
  if (!cursor) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isCursor(parsed) && parsed.f === fingerprint(query)) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw new WecomError(40058, 'invalid cursor');
}

/** One page of `items` and the cursor of the next page ('' at the end, as WeCom does). */
export function page<T>(items: T[], offset: number, limit: number, query: unknown): { items: T[]; nextCursor: string } {
  const end = offset + limit;
  return { items: items.slice(offset, end), nextCursor: end < items.length ? encodeCursor(end, query) : '' };
}

function isCursor(value: unknown): value is { o: number; f: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'o' in value &&
    Number.isInteger(value.o) &&
    (value.o as number) >= 0 &&
    'f' in value
  );
}

function fingerprint(query: unknown): string {
  return createHash('sha1').update(JSON.stringify(query)).digest('hex').slice(0, 12);
}
