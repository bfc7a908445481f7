import { badRequest } from '../http/api-error';

/** `(time, id)` of the last row of a page, opaque to the console. */
export const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

export function decodeCursor(raw: string): { at: Date; id: string } {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  const at = new Date(bar > 0 ? text.slice(0, bar) : '');
  const id = bar > 0 ? text.slice(bar + 1) : '';
  if (!id || Number.isNaN(at.getTime()))
    throw badRequest('invalid_cursor', 'cursor must be a nextCursor this API returned.');
  return { at, id };
}
