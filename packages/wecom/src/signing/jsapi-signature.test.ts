import { describe, expect, it } from 'vitest';
import { createNonce, signJsapi } from './jsapi-signature';

describe('signJsapi', () => {
  it('reproduces the official test vector (platform-facts §3)', () => {
    const sig = signJsapi({
      ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestampSec: 1414587457,
      url: 'http://mp.weixin.qq.com?params=value',
    });
    expect(sig).toEqual({
      timestamp: 1414587457,
      nonceStr: 'Wm3WZYTPz0wzccnW',
      signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    });
  });

  it('makes 16-character alphanumeric nonces that differ', () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(createNonce()).not.toBe(a);
  });
});
