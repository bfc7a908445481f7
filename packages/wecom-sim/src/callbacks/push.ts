import { randomInt } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { cdata } from './xml';

export interface CallbackTarget {
  url: string;
  token: string;
  encodingAesKey: string;
}

export interface BuildCallbackPushInput extends CallbackTarget {
  corpId: string;
  agentId: string;
  /** The plaintext XML message (e.g. from `changeExternalChatXml`). */
  message: string;
  /** Seconds; defaults to now. */
  timestamp?: number;
  nonce?: string;
}

export interface CallbackPush {
  /** The callback URL with msg_signature, timestamp and nonce appended. */
  url: string;
  query: { msg_signature: string; timestamp: string; nonce: string };
  /** The POST body: `<xml><ToUserName/><AgentID/><Encrypt/></xml>`. */
  body: string;
  encrypted: string;
}

/**
 * Encrypts and signs one push the way WeCom does [platform-facts §8]: AES-256-CBC with
 * ReceiveId = CorpID, signature = SHA-1 of sorted [token, timestamp, nonce, encrypt].
 */
export function buildCallbackPush(input: BuildCallbackPushInput): CallbackPush {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = input.nonce ?? String(randomInt(1_000_000_000, 9_999_999_999));
  const encrypted = encrypt(input.encodingAesKey, input.message, input.corpId);
  const signature = getSignature(input.token, timestamp, nonce, encrypted);
  const url = new URL(input.url);
  url.searchParams.set('msg_signature', signature);
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  const body =
    `<xml><ToUserName>${cdata(input.corpId)}</ToUserName>` +
    `<AgentID>${cdata(input.agentId)}</AgentID><Encrypt>${cdata(encrypted)}</Encrypt></xml>`;
  return { url: url.toString(), query: { msg_signature: signature, timestamp, nonce }, body, encrypted };
}
