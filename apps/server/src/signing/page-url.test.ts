import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error';
import { MAX_PAGE_URL_LENGTH, pageUrlFromQuery } from './page-url';

const allowed = new Set(['https://h5.example.com', 'http://localhost:3000']);
const q = (url: string) => `url=${encodeURIComponent(url)}`;

function codeOf(rawQuery: string): string {
  try {
    pageUrlFromQuery(rawQuery, allowed);
  } catch (err) {
    if (err instanceof ApiError) return `${err.status} ${err.code}`;
    throw err;
  }
  return 'accepted';
}

describe('pageUrlFromQuery', () => {
  it('returns the page URL as sent, cut at #, without normalising it', () => {
    expect(pageUrlFromQuery(q('https://h5.example.com/orders/A1?from=scan#/x'), allowed)).toBe(
      'https://h5.example.com/orders/A1?from=scan',
    );
    // new URL() would add the trailing slash and break the signature; we must not.
    expect(pageUrlFromQuery(q('https://h5.example.com?a=1'), allowed)).toBe('https://h5.example.com?a=1');
  });

  it('reads form-style encoding (+ for space in other parameters) and ignores other parameters', () => {
    expect(pageUrlFromQuery(`x=a+b&${q('http://localhost:3000/o/1')}`, allowed)).toBe('http://localhost:3000/o/1');
  });

  it.each([
    ['', '400 url_missing'],
    ['url=', '400 url_missing'],
    ['other=1', '400 url_missing'],
    [`${q('https://h5.example.com/a')}&${q('https://h5.example.com/b')}`, '400 url_repeated'],
    [q(`https://h5.example.com/${'a'.repeat(MAX_PAGE_URL_LENGTH)}`), '400 url_too_long'],
    [`url=${'%41'.repeat(MAX_PAGE_URL_LENGTH * 2)}`, '400 url_too_long'],
    [q('/orders/1'), '400 url_not_absolute'],
    [q('h5.example.com/orders/1'), '400 url_not_absolute'],
    [q('javascript:alert(1)'), '400 url_bad_scheme'],
    [q('data:text/html,hi'), '400 url_bad_scheme'],
    [q('ftp://h5.example.com/x'), '400 url_bad_scheme'],
    [q('https://evil.example.com/orders/1'), '400 url_origin_not_allowed'],
    [q('http://h5.example.com/orders/1'), '400 url_origin_not_allowed'],
    [q('http://localhost:3001/orders/1'), '400 url_origin_not_allowed'],
    [q('https://h5.example.com.evil.com/'), '400 url_origin_not_allowed'],
    [q('https://user:pw@h5.example.com/'), '400 url_invalid'],
    [q('https://h5.example.com/a b'), '400 url_invalid'],
    [q('https://h5.example.com/\n'), '400 url_invalid'],
    ['url=https%3A%2F%2Fh5.example.com%2F%FF', '400 url_not_utf8'],
    ['url=%E4%B8', '400 url_not_utf8'],
    ['url=%zz', '400 url_not_utf8'],
  ])('rejects %j with %s', (rawQuery, expected) => {
    expect(codeOf(rawQuery)).toBe(expected);
  });

  it('accepts the default port spelled out, since the origin is the same', () => {
    expect(codeOf(q('https://h5.example.com:443/orders/1'))).toBe('accepted');
  });
});
