import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Event encryption and signing as Feishu does it [facts §11, S55, S57]:
 * key = SHA-256(encrypt key); body `{"encrypt": base64(iv ‖ AES-256-CBC(PKCS#7)(json))}` with a
 * random 16-byte IV; `X-Lark-Signature = hex(SHA-256(timestamp + nonce + encryptKey + rawBody))`
 * over the raw body bytes as sent.
 */
export function encryptEvent(encryptKey: string, plaintext: string, iv: Buffer = randomBytes(16)): string {
  const cipher = createCipheriv('aes-256-cbc', aesKey(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** The inverse, for receivers and tests. Throws on a wrong key or a damaged body. */
export function decryptEvent(encryptKey: string, encrypted: string): string {
  const bytes = Buffer.from(encrypted, 'base64');
  if (bytes.length < 32 || bytes.length % 16 !== 0) throw new Error('encrypted event has an impossible length');
  const decipher = createDecipheriv('aes-256-cbc', aesKey(encryptKey), bytes.subarray(0, 16));
  return Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString('utf8');
}

export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + rawBody, 'utf8')
    .digest('hex');
}

export interface EventPush {
  /** The raw body, exactly the bytes that are POSTed (the signature covers them). */
  body: string;
  headers: Record<string, string>;
}

export interface BuildEventPushInput {
  /** The plaintext event (an object, or JSON already serialized). */
  payload: unknown;
  /** When set the body is `{encrypt}` and signed; otherwise plain JSON, unsigned. */
  encryptKey?: string | null;
  /** Seconds, as a string in the header; defaults to now. */
  timestamp?: number;
  nonce?: string;
}

/**
 * One push, ready to POST. Without an encrypt key Feishu sends plain JSON and no signature
 * (the verification token in the body is the only proof; UNCONFIRMED whether the timestamp and
 * nonce headers still come: we send them).
 */
export function buildEventPush(input: BuildEventPushInput): EventPush {
  const json = typeof input.payload === 'string' ? input.payload : JSON.stringify(input.payload);
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = input.nonce ?? randomBytes(8).toString('hex');
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'x-lark-request-timestamp': timestamp,
    'x-lark-request-nonce': nonce,
  };
  if (!input.encryptKey) return { body: json, headers };
  const body = JSON.stringify({ encrypt: encryptEvent(input.encryptKey, json) });
  headers['x-lark-signature'] = larkSignature(timestamp, nonce, input.encryptKey, body);
  return { body, headers };
}

function aesKey(encryptKey: string): Buffer {
  return createHash('sha256').update(encryptKey, 'utf8').digest();
}
