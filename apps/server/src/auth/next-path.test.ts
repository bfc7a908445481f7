import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path';

describe('safeNextPath', () => {
  it.each(['/', '/orders/A-1', '/orders/A-1?from=scan#top', '/a/b/../c'])('accepts the local path %s', (path) => {
    expect(safeNextPath(path)).toBe(path);
  });

  it('defaults to / when absent', () => {
    expect(safeNextPath(undefined)).toBe('/');
  });

  it.each([
    '',
    'orders/1',
    '//evil.example.com/x',
    '/\\evil.example.com',
    '\\\\evil.example.com',
    'https://evil.example.com/',
    'javascript:alert(1)',
    '/\t/evil.example.com',
    '/orders/1\nSet-Cookie: x=1',
    `/${'a'.repeat(600)}`,
  ])('rejects %j', (path) => {
    expect(safeNextPath(path)).toBeNull();
  });

  it('rejects repeated parameters (arrays) and other types', () => {
    expect(safeNextPath(['/a', '/b'])).toBeNull();
    expect(safeNextPath(42)).toBeNull();
  });
});
