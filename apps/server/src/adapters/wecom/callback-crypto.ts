import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

export type CryptoFailure = 'bad_signature' | 'bad_ciphertext' | 'bad_padding' | 'bad_length' | 'wrong_receiver';

export class CallbackCryptoError extends Error {
  override readonly name = 'CallbackCryptoError';
  constructor(readonly reason: CryptoFailure) {
    super(`callback rejected: ${reason}`);
  }
}

/** 16 random bytes + 4 length bytes precede the message [platform-facts §8]. */
const HEADER_BYTES = 20;
const MAX_CIPHERTEXT_CHARS = 1_000_000;

/**
 * WeCom callback security, written against platform-facts §8 with the checks a receiver owes:
 * the signature is compared (in constant time) before anything is decrypted; the PKCS#7 padding
 * (32-byte blocks), the length field and the ReceiveId (our corp id) must all be right.
 */
export class CallbackCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(
    private readonly token: string,
    encodingAesKey: string,
    private readonly receiveId: string,
  ) {
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
    if (encodingAesKey.length !== 43 || this.key.length !== 32) throw new Error('EncodingAESKey must be 43 characters');
    this.iv = this.key.subarray(0, 16);
  }

  signature(timestamp: string, nonce: string, encrypted: string): string {
    return createHash('sha1').update([this.token, timestamp, nonce, encrypted].sort().join('')).digest('hex');
  }

  /** Verifies, then decrypts: the plaintext message, or a CallbackCryptoError. */
  open(query: { signature: string; timestamp: string; nonce: string }, encrypted: string): string {
    const expected = Buffer.from(this.signature(query.timestamp, query.nonce, encrypted));
    const given = Buffer.from(query.signature.toLowerCase());
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new CallbackCryptoError('bad_signature');
    }
    return this.decrypt(encrypted);
  }

  private decrypt(encrypted: string): string {
    if (encrypted.length > MAX_CIPHERTEXT_CHARS || !/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted)) {
      throw new CallbackCryptoError('bad_ciphertext');
    }
    const cipher = Buffer.from(encrypted, 'base64');
    if (cipher.length < 32 || cipher.length % 16 !== 0) throw new CallbackCryptoError('bad_ciphertext');
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(cipher), decipher.final()]);
    const content = unpad(plain);
    if (content.length < HEADER_BYTES) throw new CallbackCryptoError('bad_length');
    const length = content.readUInt32BE(16);
    if (HEADER_BYTES + length > content.length) throw new CallbackCryptoError('bad_length');
    const receiveId = content.subarray(HEADER_BYTES + length);
    const expected = Buffer.from(this.receiveId);
    if (receiveId.length !== expected.length || !timingSafeEqual(receiveId, expected)) {
      throw new CallbackCryptoError('wrong_receiver');
    }
    return content.subarray(HEADER_BYTES, HEADER_BYTES + length).toString('utf8');
  }
}

/** PKCS#7 with WeCom's 32-byte block: 1…32 bytes, all equal to their count. */
function unpad(plain: Buffer): Buffer {
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > 32 || pad > plain.length) throw new CallbackCryptoError('bad_padding');
  for (let i = plain.length - pad; i < plain.length; i += 1) {
    if (plain[i] !== pad) throw new CallbackCryptoError('bad_padding');
  }
  return plain.subarray(0, plain.length - pad);
}
