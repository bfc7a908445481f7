import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCallbackPush, DEMO_CALLBACK_ENCODING_AES_KEY, DEMO_CALLBACK_TOKEN, DEMO_CORP } from '@kequn/wecom-sim';
import { CallbackCrypto, CallbackCryptoError } from './callback-crypto';

const crypto = new CallbackCrypto(DEMO_CALLBACK_TOKEN, DEMO_CALLBACK_ENCODING_AES_KEY, DEMO_CORP.corpId);
const message = '<xml><Event><![CDATA[change_external_chat]]></Event><ChatId><![CDATA[wr1]]></ChatId></xml>';

/** A real push as the simulator (and WeCom) builds it. */
function push(overrides: { corpId?: string; message?: string } = {}) {
  const built = buildCallbackPush({
    url: 'http://127.0.0.1/callbacks/wecom',
    token: DEMO_CALLBACK_TOKEN,
    encodingAesKey: DEMO_CALLBACK_ENCODING_AES_KEY,
    corpId: overrides.corpId ?? DEMO_CORP.corpId,
    agentId: DEMO_CORP.agentId,
    message: overrides.message ?? message,
  });
  return { query: { signature: built.query.msg_signature, ...built.query }, encrypted: built.encrypted };
}

/** Encrypts a hand-made plaintext (for malformed padding or length), signed correctly. */
function forge(plain: Buffer) {
  const key = Buffer.from(`${DEMO_CALLBACK_ENCODING_AES_KEY}=`, 'base64');
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  const query = { timestamp: '1700000000', nonce: '12345' };
  return { query: { ...query, signature: crypto.signature(query.timestamp, query.nonce, encrypted) }, encrypted };
}

function plaintext(msg: string, receiveId: string, opts: { length?: number; pad?: (n: number) => Buffer } = {}) {
  const body = Buffer.from(msg);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(opts.length ?? body.length);
  const raw = Buffer.concat([randomBytes(16), len, body, Buffer.from(receiveId)]);
  const n = 32 - (raw.length % 32);
  return Buffer.concat([raw, opts.pad ? opts.pad(n) : Buffer.alloc(n, n)]);
}

function reason(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    if (err instanceof CallbackCryptoError) return err.reason;
    throw err;
  }
}

describe('CallbackCrypto', () => {
  it('opens what the simulator sends, and what we forge correctly', () => {
    const p = push();
    expect(crypto.open(p.query, p.encrypted)).toBe(message);
    const f = forge(plaintext(message, DEMO_CORP.corpId));
    expect(crypto.open(f.query, f.encrypted)).toBe(message);
  });

  it('checks the signature before it decrypts anything', () => {
    const p = push();
    expect(reason(() => crypto.open({ ...p.query, signature: 'f'.repeat(40) }, p.encrypted))).toBe('bad_signature');
    expect(reason(() => crypto.open({ ...p.query, nonce: 'other' }, p.encrypted))).toBe('bad_signature');
    // Garbage that would not even decrypt is refused on its signature.
    expect(reason(() => crypto.open(p.query, 'not base64!'))).toBe('bad_signature');
    const wrongToken = new CallbackCrypto('anotherToken', DEMO_CALLBACK_ENCODING_AES_KEY, DEMO_CORP.corpId);
    expect(reason(() => wrongToken.open(p.query, p.encrypted))).toBe('bad_signature');
  });

  it('rejects a message for another corp (ReceiveId)', () => {
    const p = push({ corpId: 'wwSomeOtherCorp0001' });
    expect(reason(() => crypto.open(p.query, p.encrypted))).toBe('wrong_receiver');
    const f = forge(plaintext(message, `${DEMO_CORP.corpId}x`));
    expect(reason(() => crypto.open(f.query, f.encrypted))).toBe('wrong_receiver');
  });

  it.each([
    ['a pad byte of 0', (n: number) => Buffer.concat([Buffer.alloc(n - 1, n), Buffer.from([0])])],
    ['a pad byte above 32', (n: number) => Buffer.concat([Buffer.alloc(n - 1, 0), Buffer.from([33])])],
    ['pad bytes that differ', (n: number) => Buffer.concat([Buffer.alloc(n - 1, 7), Buffer.from([n])])],
  ])('rejects %s', (_name, pad) => {
    const f = forge(plaintext(message, DEMO_CORP.corpId, { pad: (n) => (n === 1 ? Buffer.from([0]) : pad(n)) }));
    expect(reason(() => crypto.open(f.query, f.encrypted))).toBe('bad_padding');
  });

  it('rejects a length field that runs past the message', () => {
    const f = forge(plaintext(message, DEMO_CORP.corpId, { length: 10_000 }));
    expect(reason(() => crypto.open(f.query, f.encrypted))).toBe('bad_length');
  });

  it('rejects ciphertext that is not whole AES blocks', () => {
    const encrypted = Buffer.alloc(40, 1).toString('base64');
    const query = { timestamp: '1', nonce: '2', signature: crypto.signature('1', '2', encrypted) };
    expect(reason(() => crypto.open(query, encrypted))).toBe('bad_ciphertext');
  });

  it('refuses an EncodingAESKey that is not 43 characters', () => {
    expect(() => new CallbackCrypto('t', 'short', DEMO_CORP.corpId)).toThrow(/43/);
  });
});
