import { createHash } from 'node:crypto';
import { randomHex } from '../random';

/** What every envelope carries: who the event is for, and the Verification Token. */
export interface EnvelopeContext {
  appId: string;
  tenantKey: string;
  token: string;
  /** Milliseconds. */
  now: number;
}

export interface EventPerson {
  openId: string;
  name: string;
  userId?: string;
  unionId?: string;
}

export interface V1Envelope {
  ts: string;
  uuid: string;
  token: string;
  type: 'event_callback';
  event: Record<string, unknown> & { type: string };
}

export interface V2Envelope {
  schema: '2.0';
  header: {
    event_id: string;
    event_type: string;
    create_time: string;
    token: string;
    app_id: string;
    tenant_key: string;
  };
  event: Record<string, unknown>;
}

export interface UrlVerification {
  challenge: string;
  token: string;
  type: 'url_verification';
}

export type FeishuEvent = V1Envelope | V2Envelope;

/** De-duplication key a receiver should use: `header.event_id` (v2) or `uuid` (v1). */
export function eventKey(event: FeishuEvent): string {
  return 'schema' in event ? event.header.event_id : event.uuid;
}

export function eventType(event: FeishuEvent): string {
  return 'schema' in event ? event.header.event_type : event.event.type;
}

/**
 * v1 `p2p_chat_create`: the FIRST time a user opens the bot's one-to-one chat [S51][S52].
 * `ts` is seconds with a fraction, as a string. External users have no `user_id` in our
 * tenant, so it is left out for them (UNCONFIRMED: Feishu may send an empty string).
 */
export function p2pChatCreateV1(ctx: EnvelopeContext, chatId: string, person: EventPerson): V1Envelope {
  const ids = personIds(person, false);
  return {
    ts: (ctx.now / 1000).toFixed(6),
    uuid: randomHex(16),
    token: ctx.token,
    type: 'event_callback',
    event: {
      type: 'p2p_chat_create',
      app_id: ctx.appId,
      chat_id: chatId,
      operator: ids,
      user: { name: person.name, ...ids },
      tenant_key: ctx.tenantKey,
    },
  };
}

export function v2Envelope(ctx: EnvelopeContext, type: string, event: Record<string, unknown>): V2Envelope {
  return {
    schema: '2.0',
    header: {
      event_id: randomHex(16),
      event_type: type,
      create_time: String(ctx.now),
      token: ctx.token,
      app_id: ctx.appId,
      tenant_key: ctx.tenantKey,
    },
    event,
  };
}

/** v2 `im.chat.access_event.bot_p2p_chat_entered_v1`: later openings of the one-to-one chat. */
export function botP2pChatEnteredV2(
  ctx: EnvelopeContext,
  chatId: string,
  person: EventPerson,
  lastMessageId: string,
): V2Envelope {
  return v2Envelope(ctx, 'im.chat.access_event.bot_p2p_chat_entered_v1', {
    chat_id: chatId,
    operator_id: personIds(person, true),
    last_message_id: lastMessageId,
  });
}

/**
 * v2 `contact.user.deleted_v3`: a staff member left the tenant (员工离职). `object` is the user as
 * they were (ids and name; UNCONFIRMED beyond the ids: the simulator sends only those and the name).
 */
export function userDeletedV3(ctx: EnvelopeContext, person: EventPerson): V2Envelope {
  return v2Envelope(ctx, 'contact.user.deleted_v3', {
    object: { ...personIds(person, true), name: person.name },
  });
}

/** v2 `im.message.receive_v1` for a text the user sent the bot in the one-to-one chat. */
export function messageReceiveV2(
  ctx: EnvelopeContext,
  input: { person: EventPerson; senderTenantKey: string; messageId: string; chatId: string; text: string },
): V2Envelope {
  const time = String(ctx.now);
  return v2Envelope(ctx, 'im.message.receive_v1', {
    sender: {
      sender_id: personIds(input.person, true),
      sender_type: 'user',
      tenant_key: input.senderTenantKey,
    },
    message: {
      message_id: input.messageId,
      root_id: '',
      parent_id: '',
      create_time: time,
      update_time: time,
      chat_id: input.chatId,
      chat_type: 'p2p',
      message_type: 'text',
      content: JSON.stringify({ text: input.text }),
    },
  });
}

export function urlVerification(token: string, challenge: string = randomHex(16)): UrlVerification {
  return { challenge, token, type: 'url_verification' };
}

/** open_id always; user_id only for people of our tenant; union_id (v2 only) stable per person. */
function personIds(person: EventPerson, withUnion: boolean): Record<string, string> {
  const ids: Record<string, string> = { open_id: person.openId };
  if (person.userId) ids.user_id = person.userId;
  if (withUnion) ids.union_id = person.unionId ?? unionIdFor(person.openId);
  return ids;
}

function unionIdFor(openId: string): string {
  return `on_${createHash('sha256').update(openId).digest('hex').slice(0, 32)}`;
}
