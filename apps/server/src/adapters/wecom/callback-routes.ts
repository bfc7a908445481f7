import { Router } from 'express';
import type { CallbackInbox } from '../../groups/inbox';
import { ApiError, badRequest } from '../../http/api-error';
import { eventProblem, parseEnvelope, parseEvent } from './event-xml';
import { CallbackCryptoError, type CallbackCrypto } from './callback-crypto';
import { toPlatformEvent } from './events';

const SIGNATURE = /^[0-9a-fA-F]{40}$/;
const TIMESTAMP = /^\d{1,12}$/;
const NONCE = /^[\x21-\x7e]{1,64}$/;

/**
 * WeCom's callback URL [platform-facts §8], GET: the URL check (echostr). Its POSTs, the events,
 * are answered ahead of Express by callback-lane.ts with receivePush below; processing happens
 * after the answer (see inbox.ts).
 */
export function callbackRoutes(crypto: CallbackCrypto | null): Router {
  const router = Router();
  const configured = () => {
    if (!crypto) throw notConfigured();
    return crypto;
  };

  router.get('/callbacks/wecom', (req, res) => {
    const c = configured();
    const query = signedQuery(req.query);
    const echostr = single(req.query, 'echostr');
    if (!echostr) throw badRequest('invalid_request', 'echostr is required.');
    const plain = open(() => c.open(query, echostr));
    res.type('text/plain').send(plain);
  });

  return router;
}

/**
 * One POSTed event: signature first, then decryption with every check, then a de-duplicated
 * record; the lane answers 200 with an empty body. Refusals are thrown as ApiErrors.
 */
export async function receivePush(
  crypto: CallbackCrypto | null,
  inbox: CallbackInbox,
  query: Record<string, unknown>,
  body: string | null,
): Promise<void> {
  if (!crypto) throw notConfigured();
  const signed = signedQuery(query);
  const encrypted = body === null ? null : parseEnvelope(body);
  if (!encrypted) throw badRequest('invalid_body', 'Expected <xml><Encrypt>…</Encrypt></xml>.');
  const message = open(() => crypto.open(signed, encrypted));
  const event = parseEvent(message);
  const problem = event && eventProblem(event);
  if (problem) throw badRequest('invalid_event', `The event cannot be processed: ${problem}.`);
  // Authentic but nothing for us (a staff member wrote to the app, another event): acknowledged,
  // or WeCom retries it.
  const normalised = event && toPlatformEvent(event);
  if (normalised) await inbox.receive(normalised);
}

const notConfigured = () =>
  new ApiError(503, 'callbacks_not_configured', 'Set WECOM_CALLBACK_TOKEN and WECOM_CALLBACK_AES_KEY.');

function signedQuery(query: Record<string, unknown>): { signature: string; timestamp: string; nonce: string } {
  const signature = single(query, 'msg_signature');
  const timestamp = single(query, 'timestamp');
  const nonce = single(query, 'nonce');
  if (
    !signature ||
    !SIGNATURE.test(signature) ||
    !timestamp ||
    !TIMESTAMP.test(timestamp) ||
    !nonce ||
    !NONCE.test(nonce)
  ) {
    throw new ApiError(401, 'invalid_signature', 'msg_signature, timestamp and nonce are required.');
  }
  return { signature, timestamp, nonce };
}

/** Crypto failures → 401 for a wrong signature, 400 for a payload that does not decrypt cleanly. */
function open(fn: () => string): string {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof CallbackCryptoError)) throw err;
    if (err.reason === 'bad_signature') throw new ApiError(401, 'invalid_signature', 'The signature does not match.');
    if (err.reason === 'wrong_receiver') throw badRequest('wrong_receiver', 'The message is not for this corp.');
    throw badRequest('invalid_payload', `The encrypted message is malformed (${err.reason}).`);
  }
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value: unknown = query[name];
  return typeof value === 'string' ? value : undefined;
}
