import express from 'express';
import { z } from 'zod';
import { FeishuError } from '../http/feishu-errors';
import { parseApi } from '../http/fields';
import { api } from '../http/open-apis';
import { queryParam } from '../http/request';
import type { FeishuSimState } from '../state';
import { readableText, type SimMessage } from './store';

const sendBody = z.looseObject({
  receive_id: z.string().min(1),
  msg_type: z.enum(['text', 'post', 'interactive']),
  content: z
    .string()
    .min(2)
    .max(150 * 1024),
  uuid: z.string().min(1).max(50).optional(),
});

/**
 * POST /open-apis/im/v1/messages?receive_id_type=open_id|chat_id. The bot may write to staff,
 * to external users who opened its one-to-one chat (else 230013), and to group chats it is in
 * (else 230002). Only text, post and interactive are simulated.
 */
export function messageRoutes(state: FeishuSimState): express.Router {
  const router = express.Router();
  router.post(
    '/im/v1/messages',
    api((req) => {
      const idType = queryParam(req, 'receive_id_type');
      if (idType !== 'open_id' && idType !== 'chat_id') {
        throw new FeishuError(230001, `receive_id_type=${idType ?? ''} is not simulated; use open_id or chat_id`);
      }
      const body = parseApi(sendBody, req.body, 230001);
      const content = parseContent(body.msg_type, body.content);
      const repeated = body.uuid ? state.messages.byUuid(body.uuid) : undefined;
      if (repeated) return messageJson(state, repeated);
      const target = idType === 'open_id' ? toPerson(state, body.receive_id) : toChat(state, body.receive_id);
      const message = state.messages.add({
        ...target,
        sender: 'bot',
        msgType: body.msg_type,
        content: body.content,
        text: readableText(body.msg_type, content),
        uuid: body.uuid,
      });
      return messageJson(state, message);
    }),
  );
  return router;
}

type Target = Pick<SimMessage, 'chatId' | 'chatType' | 'peer'>;

function toPerson(state: FeishuSimState, openId: string): Target {
  if (!state.directory.person(openId)) throw new FeishuError(230001, `invalid receive_id ${openId}`);
  if (!state.reach.available(openId)) throw new FeishuError(230013, openId);
  const chat = state.reach.chatWith(openId);
  if (!chat) throw new FeishuError(230013, openId);
  return { chatId: chat.chatId, chatType: 'p2p', peer: openId };
}

function toChat(state: FeishuSimState, chatId: string): Target {
  const group = state.chats.get(chatId);
  if (group) {
    if (!group.bots.includes(state.directory.app.appId)) throw new FeishuError(230002);
    return { chatId, chatType: 'group' };
  }
  const p2p = state.reach.byChatId(chatId);
  if (p2p && state.reach.available(p2p.openId)) return { chatId, chatType: 'p2p', peer: p2p.openId };
  throw new FeishuError(230001, `invalid receive_id ${chatId}`);
}

/** `content` is a JSON string; a text message needs `{"text": …}`. */
function parseContent(msgType: string, raw: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new FeishuError(230001, 'ext=invalid message content (content is not a JSON string)');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new FeishuError(230001, 'ext=invalid message content');
  }
  if (msgType === 'text' && typeof (parsed as { text?: unknown }).text !== 'string') {
    throw new FeishuError(230001, 'ext=invalid message content (text needs {"text": "…"})');
  }
  return parsed;
}

function messageJson(state: FeishuSimState, message: SimMessage): Record<string, unknown> {
  const time = String(message.createTime);
  return {
    message_id: message.messageId,
    msg_type: message.msgType,
    create_time: time,
    update_time: time,
    deleted: false,
    updated: false,
    chat_id: message.chatId,
    sender: {
      id: state.directory.app.appId,
      id_type: 'app_id',
      sender_type: 'app',
      tenant_key: state.directory.tenant.tenantKey,
    },
    body: { content: message.content },
  };
}
