import { badRequest } from '../http/api-error';

/** Longer than any page URL we serve, short enough that nobody signs a payload. */
export const MAX_PAGE_URL_LENGTH = 2048;

/**
 * Reads the single `url` parameter from a raw query string and returns the string to sign:
 * the page URL exactly as the page reports it, cut at `#`. Works on the raw query so that
 * repeated and non-UTF-8 parameters are caught instead of silently merged or replaced.
 */
export function pageUrlFromQuery(rawQuery: string, allowedOrigins: ReadonlySet<string>): string {
  const raw = readSingleParam(rawQuery, 'url');
  const cut = raw.split('#', 1)[0] as string;
  if (cut.length > MAX_PAGE_URL_LENGTH) {
    throw badRequest('url_too_long', `url must be at most ${MAX_PAGE_URL_LENGTH} characters.`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(cut)) {
    throw badRequest('url_invalid', 'url contains spaces or control characters; send location.href unchanged.');
  }
  let parsed: URL;
  try {
    parsed = new URL(cut);
  } catch {
    throw badRequest('url_not_absolute', 'url must be the absolute page URL (location.href), not a relative path.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw badRequest('url_bad_scheme', 'url must use http or https.');
  }
  if (parsed.username || parsed.password) {
    throw badRequest('url_invalid', 'url must not contain a user name or password.');
  }
  if (!allowedOrigins.has(parsed.origin)) {
    throw badRequest(
      'url_origin_not_allowed',
      `Pages on ${parsed.origin} are not signed: the origin must be PUBLIC_URL's or one of TRUSTED_ORIGINS (scheme and port included).`,
    );
  }
  return cut;
}

function readSingleParam(rawQuery: string, name: string): string {
  const values: string[] = [];
  for (const pair of rawQuery.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (decode(key) !== name) continue;
    if (values.length > 0) throw badRequest('url_repeated', `Send "${name}" once.`);
    values.push(eq === -1 ? '' : decode(pair.slice(eq + 1)));
  }
  const value = values[0];
  if (!value) throw badRequest('url_missing', `Query parameter "${name}" (the page URL) is required.`);
  return value;
}

function decode(component: string): string {
  if (component.length > MAX_PAGE_URL_LENGTH * 3) {
    throw badRequest('url_too_long', `url must be at most ${MAX_PAGE_URL_LENGTH} characters.`);
  }
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    throw badRequest('url_not_utf8', 'url is not valid percent-encoded UTF-8; encode it with encodeURIComponent.');
  }
}
