import { describe, expect, it } from 'vitest';
import { normalizeMobile, sameMobile } from './mobile';

describe('normalizeMobile', () => {
  it.each([
    ['13800138001', '13800138001'],
    ['+86 138-0013-8001', '13800138001'],
    ['008613800138001', '13800138001'],
    ['8613800138001', '13800138001'],
    ['020-8888 6666', '02088886666'],
  ])('%s → %s', (raw, normalized) => {
    expect(normalizeMobile(raw)).toBe(normalized);
  });

  it('matches only equal numbers, never two empty ones', () => {
    expect(sameMobile('+8613800138001', '138 0013 8001')).toBe(true);
    expect(sameMobile('13800138001', '13800138002')).toBe(false);
    expect(sameMobile('--', ' ')).toBe(false);
  });
});
