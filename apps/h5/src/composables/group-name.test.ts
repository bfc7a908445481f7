import { describe, expect, it } from 'vitest';
import { fitGroupName, GROUP_NAME_MAX } from './group-name';

const graphemes = (s: string) => Array.from(new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(s)).length;

describe('fitGroupName', () => {
  it('keeps a name within the limit as it is, trimmed', () => {
    expect(fitGroupName('  陈晓明 · 订单 A1001 服务群 ')).toBe('陈晓明 · 订单 A1001 服务群');
  });

  it('cuts a long name to the limit and marks the cut', () => {
    const name = fitGroupName('订'.repeat(80));
    expect(graphemes(name)).toBe(GROUP_NAME_MAX);
    expect(name).toBe(`${'订'.repeat(GROUP_NAME_MAX - 1)}…`);
  });

  it('never splits an emoji, a surrogate pair or a family sequence', () => {
    const family = '👨‍👩‍👧';
    const name = fitGroupName(`${'a'.repeat(48)}${family}${family}${family}`);
    expect(name).toBe(`${'a'.repeat(48)}${family}…`);
    expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('counts a name of exactly the limit as fitting', () => {
    const exact = '群'.repeat(GROUP_NAME_MAX);
    expect(fitGroupName(exact)).toBe(exact);
  });
});
