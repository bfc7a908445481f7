import { z } from 'zod';

/**
 * C0 control characters and DEL, except tab, line feed and carriage return. PostgreSQL refuses
 * NUL in text, and none of these has a place in an order, a name or an id.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Every control character, tab and newlines included: for one-line values (names, ids). */
// eslint-disable-next-line no-control-regex
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f]/;

export const hasControlCharacters = (value: string): boolean => CONTROL_IN_TEXT.test(value);

/** A one-line text of up to `max` characters without control characters (may be empty). */
export const anyLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !CONTROL_IN_LINE.test(s), 'must not contain control characters');

/** A one-line text of 1…max characters (trimmed), without control characters. */
export const lineText = (max: number) => anyLine(max).trim().min(1);

/**
 * Walks a parsed JSON value and names the first place holding a control character (keys
 * included), or returns null. Used by the server's one JSON body parser for every route.
 */
export function findControlCharacters(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return hasControlCharacters(value) ? path || 'value' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findControlCharacters(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (hasControlCharacters(key)) return at;
      const found = findControlCharacters(item, at);
      if (found) return found;
    }
  }
  return null;
}
