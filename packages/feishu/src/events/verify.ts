import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

export type FeishuEventRejection = 'bad_signature' | 'stale' | 'undecryptable' | 'bad_token' | 'malformed';

/** An event in plain terms, whatever envelope it came in. */
export interface FeishuEvent {
  /** De-duplication key: `header.event_id` (v2) or `uuid` (v1). */
  id: string;
  /** `header.event_type` (v2) or `event.type` (v1), e.g. `p2p_chat_create`, `im.message.receive_v1`. */
  type: string;
  token: string;
  event: Record<string, unknown>;
  /** Epoch ms (v2 `header.create_time`, v1 `ts`); 0 when absent. */
  createTime: number;
  schema: 'v1' | 'v2';
  appId?: string;
  tenantKey?: string;
}

export type FeishuVerification =
  | { ok: true; kind: 'challenge'; challenge: string }
  | { ok: true; kind: 'event'; event: FeishuEvent }
  | { ok: false; reason: FeishuEventRejection; detail: string };

export interface VerifyFeishuEventInput {
  /** The body exactly as received: the signature covers these bytes, not a re-serialisation. */
  rawBody: string;
  headers: Record<string, string | string[] | undefined>;
  /**
   * The app's Encrypt Key. Set one: without it nothing proves a push came from Feishu but the
   * verification token in the body, which travels in plain text with every push.
   */
  encryptKey: string | null | undefined;
  verificationToken: string;
  /** Epoch ms. */
  now: number;
  /** How far X-Lark-Request-Timestamp may be from now; default 300 s. */
  toleranceSec?: number;
}

const DEFAULT_TOLERANCE_SEC = 300;

/**
 * Checks a Feishu/Lark event push on its raw body (platform-facts §11, §14), rather than with the
 * SDK's dispatcher, which hashes re-serialised JSON, lets everything through without an encrypt
 * key and answers failures with 200. With an encrypt key: `X-Lark-Signature = hex(SHA-256(
 * timestamp + nonce + encryptKey + rawBody))` in constant time, the timestamp within tolerance,
 * `{encrypt}` decrypted (AES-256-CBC, key SHA-256(encryptKey), IV the first 16 bytes, PKCS#7
 * checked). Then, always, the verification token. Answer 4xx to any rejection.
 */
export function verifyFeishuEvent(input: VerifyFeishuEventInput): FeishuVerification {
  let payload: unknown;
  if (input.encryptKey) {
    const outer = parseJson(input.rawBody);
    if (!isRecord(outer) || typeof outer.encrypt !== 'string') {
      return reject('undecryptable', 'an encrypt key is set but the body has no encrypt field');
    }
    const timestamp = header(input.headers, 'x-lark-request-timestamp');
    const nonce = header(input.headers, 'x-lark-request-nonce');
    const signature = header(input.headers, 'x-lark-signature');
    if (timestamp !== undefined && nonce !== undefined && signature !== undefined) {
      const expected = createHash('sha256')
        .update(timestamp + nonce + input.encryptKey + input.rawBody, 'utf8')
        .digest('hex');
      if (!sameText(signature.toLowerCase(), expected)) return reject('bad_signature', 'signature mismatch');
      const seconds = Number(timestamp);
      const tolerance = (input.toleranceSec ?? DEFAULT_TOLERANCE_SEC) * 1000;
      if (!Number.isFinite(seconds) || Math.abs(input.now - seconds * 1000) > tolerance) {
        return reject('stale', 'X-Lark-Request-Timestamp outside the tolerance');
      }
    }
    const plaintext = decrypt(input.encryptKey, outer.encrypt);
    if (plaintext === null) return reject('undecryptable', 'encrypt does not decrypt with the encrypt key');
    payload = parseJson(plaintext);
    if (!isRecord(payload)) return reject('undecryptable', 'decrypted body is not a JSON object');
    // Unsigned pushes are accepted only as URL verification (the console's check may come
    // unsigned; decrypting it proves the key, and the answer only echoes the challenge).
    if (signature === undefined || timestamp === undefined || nonce === undefined) {
      if (payload.type !== 'url_verification') return reject('bad_signature', 'signature headers missing');
    }
  } else {
    payload = parseJson(input.rawBody);
    if (!isRecord(payload)) return reject('malformed', 'body is not a JSON object');
    if (typeof payload.encrypt === 'string') {
      return reject('undecryptable', 'the push is encrypted but no encrypt key is configured');
    }
  }
  return readPayload(payload, input.verificationToken);
}

function readPayload(payload: Record<string, unknown>, verificationToken: string): FeishuVerification {
  if (payload.type === 'url_verification') {
    if (!tokenMatches(payload.token, verificationToken)) return reject('bad_token', 'verification token mismatch');
    if (typeof payload.challenge !== 'string' || !payload.challenge) return reject('malformed', 'no challenge');
    return { ok: true, kind: 'challenge', challenge: payload.challenge };
  }
  const event = normalise(payload);
  if (!event) return reject('malformed', 'neither a v1 nor a v2 event envelope');
  if (!tokenMatches(event.token, verificationToken)) return reject('bad_token', 'verification token mismatch');
  return { ok: true, kind: 'event', event };
}

function normalise(p: Record<string, unknown>): FeishuEvent | null {
  if (p.schema === '2.0') {
    const h = p.header;
    if (!isRecord(h) || !isRecord(p.event)) return null;
    if (!nonEmpty(h.event_id) || !nonEmpty(h.event_type) || typeof h.token !== 'string') return null;
    return {
      id: h.event_id,
      type: h.event_type,
      token: h.token,
      event: p.event,
      createTime: toMs(h.create_time, 1),
      schema: 'v2',
      ...optional('appId', h.app_id),
      ...optional('tenantKey', h.tenant_key),
    };
  }
  const event = p.event;
  if (!nonEmpty(p.uuid) || typeof p.token !== 'string' || !isRecord(event) || !nonEmpty(event.type)) return null;
  return {
    id: p.uuid,
    type: event.type,
    token: p.token,
    event,
    createTime: toMs(p.ts, 1000),
    schema: 'v1',
    ...optional('appId', event.app_id),
    ...optional('tenantKey', event.tenant_key),
  };
}

/** AES-256-CBC with PKCS#7 checked by hand (every padding byte), or null. */
function decrypt(encryptKey: string, encrypted: string): string | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted)) return null;
  const bytes = Buffer.from(encrypted, 'base64');
  if (bytes.length < 32 || bytes.length % 16 !== 0) return null;
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, bytes.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]);
  } catch {
    return null;
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > 16 || pad > plain.length) return null;
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return null;
  return plain.subarray(0, plain.length - pad).toString('utf8');
}

function tokenMatches(token: unknown, expected: string): boolean {
  return typeof token === 'string' && expected.length > 0 && sameText(token, expected);
}

/** Constant-time equality (the length is not secret). */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function header(headers: VerifyFeishuEventInput['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first;
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** A number or numeric string in `unit` ms (1 for ms, 1000 for seconds); 0 when unreadable. */
function toMs(value: unknown, unit: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.round(n * unit) : 0;
}

function optional<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' && value ? ({ [key]: value } as Record<K, string>) : {};
}

function reject(reason: FeishuEventRejection, detail: string): FeishuVerification {
  return { ok: false, reason, detail };
}
