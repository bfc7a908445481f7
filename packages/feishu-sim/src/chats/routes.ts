import express from 'express';
import { FeishuError } from '../http/feishu-errors';
import { decodePageToken, encodePageToken, parseApi, requireOpenIdType } from '../http/fields';
import { api } from '../http/open-apis';
import { routeParam } from '../http/request';
import type { FeishuSimState } from '../state';
import { chatDetailJson, createdChatJson, memberJson } from './format';
import type { Chat } from './model';
import {
  addMembersBody,
  addMembersQuery,
  createChatBody,
  createChatQuery,
  listMembersQuery,
  updateChatBody,
} from './schemas';
import { updateChat } from './update';

/** im/v1 group chats: create (idempotent on uuid), get, list/add members, update (owner transfer). */
export function chatRoutes(state: FeishuSimState): express.Router {
  const router = express.Router();

  router.post(
    '/im/v1/chats',
    api((req) => {
      if (!state.createRate.admit()) throw new FeishuError(232019, '(50 chat creations per second per app)');
      const query = parseApi(createChatQuery, req.query, 232001);
      requireOpenIdType(req, 'user_id_type', 232001);
      const body = parseApi(createChatBody, req.body, 232001);
      const { app } = state.directory;
      const ownerId = body.owner_id ?? app.appId;

      // Same uuid, same owner, within 10 hours: the chat made the first time, nothing new.
      const earlier = query.uuid ? state.chats.byUuid(query.uuid, ownerId) : undefined;
      if (earlier) return createdChatJson(earlier, state.directory);

      if (body.external && !state.settings.externalSharing) throw new FeishuError(232033);
      if (body.external && body.chat_type === 'public') throw new FeishuError(232069);
      checkOwner(state, ownerId, body.external);
      const users = body.user_id_list.filter((id) => !state.directory.isBot(id));
      checkUsers(state, users, body.external);
      const unknownBots = body.bot_id_list.filter((id) => id !== app.appId);
      if (unknownBots.length) throw new FeishuError(232030, `unknown bots: ${unknownBots.join(', ')}`);

      const chat = state.chats.create({
        name: body.name,
        description: body.description,
        ownerId,
        chatType: body.chat_type,
        external: body.external,
        members: [...(state.directory.isBot(ownerId) ? [] : [ownerId]), ...users],
        bots: [app.appId],
        uuid: query.uuid,
        extra: {
          joinMessageVisibility: body.join_message_visibility,
          leaveMessageVisibility: body.leave_message_visibility,
          membershipApproval: body.membership_approval,
          editPermission: body.edit_permission,
          addMemberPermission: body.add_member_permission,
        },
      });
      return createdChatJson(chat, state.directory);
    }),
  );

  router.get(
    '/im/v1/chats/:chatId',
    api((req) => {
      requireOpenIdType(req, 'user_id_type', 232015);
      return chatDetailJson(botChat(state, routeParam(req, 'chatId')), state.directory);
    }),
  );

  router.get(
    '/im/v1/chats/:chatId/members',
    api((req) => {
      const chat = botChat(state, routeParam(req, 'chatId'));
      requireOpenIdType(req, 'member_id_type', 232015);
      const query = parseApi(listMembersQuery, req.query, 232001);
      const offset = decodePageToken(query.page_token, 232001);
      const end = offset + query.page_size;
      const hasMore = end < chat.members.length;
      return {
        items: chat.members.slice(offset, end).map((id) => memberJson(id, state.directory)),
        page_token: hasMore ? encodePageToken(end) : '',
        has_more: hasMore,
        member_total: chat.members.length,
      };
    }),
  );

  router.post(
    '/im/v1/chats/:chatId/members',
    api(async (req) => {
      const chat = liveChat(state, routeParam(req, 'chatId'));
      requireOpenIdType(req, 'member_id_type', 232015);
      const query = parseApi(addMembersQuery, req.query, 232001);
      const body = parseApi(addMembersBody, req.body, 232001);
      // Feishu asks callers to serialize adds on one chat; overlapping ones fail with 232019.
      if (!state.chats.beginAdd(chat.chatId))
        throw new FeishuError(232019, '(another member add on this chat is running)');
      try {
        if (state.settings.memberAddDurationMs > 0) await sleep(state.settings.memberAddDurationMs);
        return addMembers(state, chat, body.id_list, query.succeed_type);
      } finally {
        state.chats.endAdd(chat.chatId);
      }
    }),
  );

  router.put(
    '/im/v1/chats/:chatId',
    api((req) => {
      if (!state.chats.admitUpdate()) throw new FeishuError(232019, '(50 chat updates per second per app)');
      const chat = liveChat(state, routeParam(req, 'chatId'));
      requireOpenIdType(req, 'user_id_type', 232015);
      updateChat(state, chat, parseApi(updateChatBody, req.body, 232001));
      return {};
    }),
  );

  return router;
}

/** A chat the bot is in; 232006 for an unknown chat, 232011 when the bot is not a member. */
function botChat(state: FeishuSimState, chatId: string): Chat {
  const chat = state.chats.get(chatId);
  if (!chat) throw new FeishuError(232006, chatId);
  if (!chat.bots.includes(state.directory.app.appId)) throw new FeishuError(232011);
  return chat;
}

/** A chat the bot is in and that still exists: changing a dissolved one answers 232009. */
function liveChat(state: FeishuSimState, chatId: string): Chat {
  const chat = botChat(state, chatId);
  if (chat.status === 'dissolved') throw new FeishuError(232009, chatId);
  return chat;
}

/**
 * Owner rules [facts §14, seeds 000/001]: an external chat needs a person of the tenant as
 * owner, never the bot (232032; UNCONFIRMED which code the bot-as-owner case gets); an
 * unknown id is 232030; a customer can own nothing (232032).
 */
function checkOwner(state: FeishuSimState, ownerId: string, external: boolean): void {
  const { directory } = state;
  if (directory.isBot(ownerId)) {
    if (external) throw new FeishuError(232032, 'the bot can not own an external chat; name a staff open_id');
    return;
  }
  const person = directory.person(ownerId);
  if (!person) throw new FeishuError(232030, `owner_id ${ownerId}`, 400, [ownerViolation(ownerId, 'unknown id')]);
  if (person.kind !== 'staff') {
    throw new FeishuError(232032, `owner_id ${ownerId}`, 400, [ownerViolation(ownerId, 'not a user of the tenant')]);
  }
}

/**
 * Members at creation: unknown ids are 232030; external users need `external: true`
 * (UNCONFIRMED: 232001 here); an external user who never opened the bot's one-to-one chat
 * is not available to the app: 232043, naming the ids in `msg` and `error.field_violations`.
 */
function checkUsers(state: FeishuSimState, users: string[], external: boolean): void {
  const { directory } = state;
  const unknown = users.filter((id) => !directory.person(id));
  if (unknown.length)
    throw new FeishuError(232030, `unknown ids: ${unknown.join(', ')}`, 400, violations(unknown, 'unknown id'));
  const customers = users.filter((id) => directory.isCustomer(id));
  if (customers.length && !external) {
    throw new FeishuError(232001, `external users need external: true: ${customers.join(', ')}`);
  }
  const unavailable = customers.filter((id) => !state.reach.available(id));
  if (unavailable.length) {
    throw new FeishuError(
      232043,
      `unavailable ids: ${unavailable.join(', ')}`,
      400,
      violations(unavailable, 'not available to the app: the user has not opened a one-to-one chat with the bot'),
    );
  }
}

/**
 * Adds what can be added. Unknown ids go to not_existed_id_list, external users the app
 * cannot reach (or any external user for an internal chat) to invalid_id_list. With
 * succeed_type 0/2 any such id fails the whole call: 232030 (unknown) or 232043
 * (unavailable), as the docs describe for succeed_type (UNCONFIRMED codes).
 */
function addMembers(state: FeishuSimState, chat: Chat, ids: string[], succeedType: '0' | '1' | '2') {
  const { directory } = state;
  const fresh = [...new Set(ids)].filter((id) => !chat.members.includes(id) && !directory.isBot(id));
  const notExisted = fresh.filter((id) => !directory.person(id));
  const invalid = fresh.filter((id) => directory.isCustomer(id) && (!chat.external || !state.reach.available(id)));
  if (succeedType !== '1') {
    if (notExisted.length) {
      throw new FeishuError(
        232030,
        `unknown ids: ${notExisted.join(', ')}`,
        400,
        violations(notExisted, 'unknown id', 'id_list'),
      );
    }
    if (invalid.length) {
      throw new FeishuError(
        232043,
        `unavailable ids: ${invalid.join(', ')}`,
        400,
        violations(invalid, 'not available to the app (never opened the bot, or an internal chat)', 'id_list'),
      );
    }
  }
  const valid = fresh.filter((id) => !notExisted.includes(id) && !invalid.includes(id));
  state.chats.addMembers(chat.chatId, valid);
  return { invalid_id_list: invalid, not_existed_id_list: notExisted, pending_approval_id_list: [] };
}

function violations(ids: string[], description: string, field = 'user_id_list') {
  return ids.map((value) => ({ field, value, description }));
}

function ownerViolation(value: string, description: string) {
  return { field: 'owner_id', value, description };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
