import { FeishuError } from '../http/feishu-errors';
import type { FeishuSimState } from '../state';
import type { Chat } from './model';
import type { UpdateChatBody } from './schemas';

/**
 * PUT /im/v1/chats/:chat_id (更新群信息): fields not sent stay as they are. A new `owner_id`
 * must be a person Feishu knows (232030), never a bot (232001, UNCONFIRMED code), of the chat's
 * tenant (232031: never a customer), and already a member (232012: add them first). The owner
 * they replace stays in the chat as a member. The bot that made the chat may change its owner
 * (UNCONFIRMED: for externally shared bots Feishu lists `im:chat:operate_as_owner` as
 * unsupported; a real tenant may answer 232002/232016 unless the bot is a group manager).
 * Setting the current owner again changes nothing and is not an error (UNCONFIRMED).
 */
export function updateChat(state: FeishuSimState, chat: Chat, body: UpdateChatBody): void {
  if (body.owner_id !== undefined && body.owner_id !== chat.ownerId) {
    checkNewOwner(state, chat, body.owner_id);
    state.chats.setOwner(chat.chatId, body.owner_id);
  }
  if (body.name !== undefined) chat.name = body.name;
  if (body.description !== undefined) chat.description = body.description;
}

function checkNewOwner(state: FeishuSimState, chat: Chat, next: string): void {
  const { directory } = state;
  if (directory.isBot(next)) throw new FeishuError(232001, 'the bot can not own a chat it hands over');
  const person = directory.person(next);
  if (!person)
    throw new FeishuError(232030, next, 400, [{ field: 'owner_id', value: next, description: 'unknown id' }]);
  if (person.kind === 'customer') throw new FeishuError(232031, next);
  if (!chat.members.includes(next)) throw new FeishuError(232012, next);
}
