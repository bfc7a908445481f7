import { randomBytes } from 'node:crypto';
import { SimInputError } from '../http/sim-errors';
import type { SimMessage } from '../messages/store';
import type { FeishuSimState } from '../state';
import type { Person } from '../tenant/directory';
import { buildEventPush, larkSignature } from './crypto';
import type { DeliveryRecord, ProbeResult } from './dispatcher';
import {
  botP2pChatEnteredV2,
  eventKey,
  messageReceiveV2,
  p2pChatCreateV1,
  urlVerification,
  userDeletedV3,
  type EventPerson,
} from './envelopes';

/**
 * Things people do in the Feishu client, and the events Feishu pushes for them. Also the
 * pushes a test needs to see a receiver defend itself: replays, forgeries, challenges.
 */

/**
 * A person opens the bot's one-to-one chat. The first time the chat is created, the person
 * becomes available to the app and `p2p_chat_create` (v1) is pushed; later times push
 * `bot_p2p_chat_entered_v1` (v2) [facts §14, seed 001].
 */
export function openBot(state: FeishuSimState, openId: string) {
  const person = requirePerson(state, openId);
  const { chat, first } = state.reach.open(openId);
  const lastMessage = state.messages.list({ chatId: chat.chatId }).at(-1);
  const event = first
    ? p2pChatCreateV1(state.envelope(), chat.chatId, eventPerson(person))
    : botP2pChatEnteredV2(state.envelope(), chat.chatId, eventPerson(person), lastMessage?.messageId ?? '');
  const delivery = state.events.send(event, state.pushTarget());
  return { first, chatId: chat.chatId, eventKey: eventKey(event), delivery };
}

/** The person types a text to the bot: recorded, and pushed as `im.message.receive_v1`. */
export function personSays(state: FeishuSimState, openId: string, text: string) {
  const person = requirePerson(state, openId);
  const chat = state.reach.hasOpened(openId) ? state.reach.chatWith(openId) : undefined;
  if (!chat) throw new SimInputError('not_opened', `${openId} has not opened the bot's chat yet`, 409);
  const message: SimMessage = state.messages.add({
    chatId: chat.chatId,
    chatType: 'p2p',
    sender: openId,
    peer: openId,
    msgType: 'text',
    content: JSON.stringify({ text }),
    text,
  });
  const event = messageReceiveV2(state.envelope(), {
    person: eventPerson(person),
    senderTenantKey: state.directory.tenantKeyOf(openId),
    messageId: message.messageId,
    chatId: chat.chatId,
    text,
  });
  const delivery = state.events.send(event, state.pushTarget());
  return { message, eventKey: eventKey(event), delivery };
}

/** A staff member leaves the tenant: `contact.user.deleted_v3` is pushed (the app's own groups stay). */
export function staffLeaves(state: FeishuSimState, openId: string) {
  const person = requirePerson(state, openId);
  if (person.kind !== 'staff') throw new SimInputError('not_staff', `${openId} is a customer, not staff`, 409);
  const event = userDeletedV3(state.envelope(), eventPerson(person));
  const delivery = state.events.send(event, state.pushTarget());
  return { eventKey: eventKey(event), delivery };
}

/** Pushes an event again exactly as first built (same event_id / uuid): receivers must de-duplicate. */
export function replayEvent(state: FeishuSimState, key: string): DeliveryRecord {
  const event = state.events.event(key);
  if (!event) throw new SimInputError('unknown_event', `no event ${key} was pushed since the last reset`, 404);
  const original = state.events.records.find((r) => r.eventKey === key);
  return state.events.send(event, state.pushTarget(), original?.id);
}

export type ForgeryKind = 'bad_signature' | 'undecryptable';

/**
 * One push a receiver must refuse, with its answer reported (never retried, never kept for
 * replay). `bad_signature`: a well-encrypted event with a wrong X-Lark-Signature (without an
 * encrypt key: plain JSON with a wrong verification token). `undecryptable`: a correctly
 * signed body whose `encrypt` does not decrypt (needs an encrypt key).
 */
export async function pushForgery(state: FeishuSimState, kind: ForgeryKind): Promise<ProbeResult & { kind: string }> {
  const url = requireUrl(state);
  const encryptKey = state.settings.encryptKey;
  const someone = state.directory.allCustomers()[0] ?? state.directory.allStaff()[0];
  const ctx = state.envelope();
  const event = messageReceiveV2(kind === 'bad_signature' && !encryptKey ? { ...ctx, token: 'forged-token' } : ctx, {
    person: { openId: someone?.openId ?? 'ou_forged', name: someone?.name ?? '' },
    senderTenantKey: 'forged',
    messageId: 'om_forged',
    chatId: 'oc_forged',
    text: '伪造的消息',
  });
  if (kind === 'bad_signature') {
    const push = buildEventPush({ payload: event, encryptKey });
    if (encryptKey) push.headers['x-lark-signature'] = 'f'.repeat(64);
    return {
      kind: encryptKey ? 'bad_signature' : 'bad_token',
      ...(await state.events.probe(url, push.body, push.headers)),
    };
  }
  if (!encryptKey) throw new SimInputError('no_encrypt_key', 'an undecryptable push needs an encrypt key', 409);
  // 16 bytes of IV and 20 of "ciphertext": not a whole AES block, so decryption must fail.
  const body = JSON.stringify({ encrypt: randomBytes(36).toString('base64') });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'x-lark-request-timestamp': timestamp,
    'x-lark-request-nonce': nonce,
    'x-lark-signature': larkSignature(timestamp, nonce, encryptKey, body),
  };
  return { kind, ...(await state.events.probe(url, body, headers)) };
}

/**
 * The URL-verification challenge the console sends when the request URL is saved
 * (encrypted when an encrypt key is set). `ok` when the reply echoed the challenge; Feishu
 * wants it within 1 s [S53].
 */
export async function sendChallenge(state: FeishuSimState) {
  const url = requireUrl(state);
  const payload = urlVerification(state.settings.verificationToken);
  const push = buildEventPush({ payload, encryptKey: state.settings.encryptKey });
  const result = await state.events.probe(url, push.body, push.headers);
  let echoed: unknown;
  try {
    echoed = (JSON.parse(result.body) as { challenge?: unknown }).challenge;
  } catch {
    echoed = undefined;
  }
  const ok = result.status === 200 && echoed === payload.challenge;
  return { challenge: payload.challenge, ok, withinOneSecond: result.ms <= 1000, ...result };
}

function requirePerson(state: FeishuSimState, openId: string): Person {
  const person = state.directory.person(openId);
  if (!person) throw new SimInputError('unknown_person', `no staff member or customer ${openId}`, 404);
  return person;
}

function requireUrl(state: FeishuSimState): string {
  if (!state.settings.eventUrl) throw new SimInputError('no_event_url', 'set settings.eventUrl first', 409);
  return state.settings.eventUrl;
}

function eventPerson(person: Person): EventPerson {
  return {
    openId: person.openId,
    name: person.name,
    userId: person.kind === 'staff' ? person.userId : undefined,
    unionId: person.unionId,
  };
}
