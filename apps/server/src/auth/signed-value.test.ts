import { describe, expect, it } from 'vitest';
import { SignedValues } from './signed-value';

const secret = 'x'.repeat(32);

describe('SignedValues', () => {
  const sessions = new SignedValues(secret, 'session');

  it('round-trips a payload until it expires', () => {
    const value = sessions.sign({ u: 'zhangsan', exp: 2_000 });
    expect(sessions.verify(value, 1_000)).toEqual({ u: 'zhangsan', exp: 2_000 });
    expect(sessions.verify(value, 2_000)).toBeNull();
  });

  it('rejects edited payloads, other secrets, other purposes and junk', () => {
    const value = sessions.sign({ u: 'zhangsan', exp: 2_000 });
    const [body, mac] = value.split('.') as [string, string];
    const edited = Buffer.from(JSON.stringify({ u: 'admin', exp: 2_000 })).toString('base64url');
    expect(sessions.verify(`${edited}.${mac}`, 0)).toBeNull();
    expect(new SignedValues('y'.repeat(32), 'session').verify(value, 0)).toBeNull();
    expect(new SignedValues(secret, 'oauth-state').verify(value, 0)).toBeNull();
    for (const junk of [undefined, '', '.', `${body}.`, 'abc', `${body}.${mac}x`]) {
      expect(sessions.verify(junk, 0)).toBeNull();
    }
  });

  it('rejects a correctly signed value whose expiry is not a number', () => {
    const value = sessions.sign({ u: 'zhangsan', exp: 'never' as unknown as number });
    expect(sessions.verify(value, 0)).toBeNull();
  });
});
