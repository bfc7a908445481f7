import { randomBytes } from 'node:crypto';
import { getJsApiSignature } from '@wecom/crypto';

export interface JsapiSignature {
  timestamp: number;
  nonceStr: string;
  signature: string;
}

export interface SignInput {
  ticket: string;
  /** The page URL exactly as the page will report it, already cut at `#`. */
  url: string;
  timestampSec: number;
  nonceStr?: string;
}

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Random bytes are drawn in blocks: one system call serves hundreds of nonces on the hot path.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

function takeRandom(length: number): Buffer {
  if (poolOffset + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  poolOffset += length;
  return pool.subarray(poolOffset - length, poolOffset);
}

/** 16 random alphanumerics: no character the client could escape differently. */
export function createNonce(length = 16): string {
  let nonce = '';
  for (const byte of takeRandom(length)) nonce += NONCE_ALPHABET[byte % NONCE_ALPHABET.length];
  return nonce;
}

/** SHA-1 over `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` (platform-facts §3), via @wecom/crypto. */
export function signJsapi(input: SignInput): JsapiSignature {
  const nonceStr = input.nonceStr ?? createNonce();
  const { signature } = getJsApiSignature({
    ticket: input.ticket,
    url: input.url,
    nonceStr,
    timestamp: input.timestampSec,
  });
  return { timestamp: input.timestampSec, nonceStr, signature };
}
