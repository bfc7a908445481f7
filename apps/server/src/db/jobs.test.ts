import { describe, expect, it } from 'vitest';
import { backoff } from './jobs';

describe('backoff', () => {
  it('doubles from the base per attempt, within ±20 %', () => {
    expect([1, 2, 3, 4].map((a) => backoff(a, 1_000, 60_000, () => 0.5))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoff(3, 1_000, 60_000, () => 0)).toBe(3_200);
    expect(backoff(3, 1_000, 60_000, () => 1)).toBe(4_800);
  });

  it('stops growing at the cap', () => {
    expect(backoff(40, 1_000, 60_000, () => 0.5)).toBe(60_000);
  });
});
