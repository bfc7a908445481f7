const MAX_NEXT_LENGTH = 512;
const PROBE_ORIGIN = 'http://kequn.invalid';

/**
 * Where sign-in may send the browser back to: a path on our own site only. Rejects `//host`,
 * `/\host` (browsers read `\` as `/`), schemes, control characters and anything that would
 * resolve to another origin.
 */
export function safeNextPath(raw: unknown): string | null {
  if (raw === undefined) return '/';
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_NEXT_LENGTH) return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\s]/.test(raw)) return null;
  try {
    const resolved = new URL(raw, PROBE_ORIGIN);
    return resolved.origin === PROBE_ORIGIN ? raw : null;
  } catch {
    return null;
  }
}
