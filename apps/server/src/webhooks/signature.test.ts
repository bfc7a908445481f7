import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './signature';

describe('webhook signature', () => {
  const secret = 'whsec-0123456789abcdef';
  const body = '{"id":"evt_1","type":"group.created"}';

  it('signs t.body with HMAC-SHA256 so the receiver can check it', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, body, header, 1_700_000_010)).toBe(true);
  });

  it('fails for another body, another secret, a stale timestamp or a mangled header', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    expect(verifyWebhook(secret, `${body} `, header, 1_700_000_000)).toBe(false);
    expect(verifyWebhook('another-secret-0000', body, header, 1_700_000_000)).toBe(false);
    expect(verifyWebhook(secret, body, header, 1_700_001_000)).toBe(false);
    expect(verifyWebhook(secret, body, 'v1=abc', 1_700_000_000)).toBe(false);
  });
});
