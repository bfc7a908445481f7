import { describe, expect, it } from 'vitest';
import { showLoadFailure } from './load-failure';

describe('showLoadFailure', () => {
  it('replaces the blank page with a Chinese message and a reload button', () => {
    const root = document.createElement('div');
    showLoadFailure(root);
    const box = root.querySelector('[data-testid="error-message"]');
    expect(box?.getAttribute('data-kind')).toBe('network');
    expect(box?.textContent).toContain('页面加载失败');
    expect(root.querySelector('button')?.textContent).toBe('重新加载');
  });
});
