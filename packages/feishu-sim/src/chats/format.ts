import type { Directory } from '../tenant/directory';
import type { Chat } from './model';

/** `data` of create and get (get adds counts and status, and has no chat_id). */
export function chatInfoJson(chat: Chat, directory: Directory): Record<string, unknown> {
  return {
    avatar: `https://s1-imfile.feishucdn.com/static-resource/v1/sim_${chat.chatId.slice(3, 15)}`,
    name: chat.name,
    description: chat.description,
    i18n_names: {},
    add_member_permission: chat.extra.addMemberPermission,
    share_card_permission: 'allowed',
    at_all_permission: 'all_members',
    edit_permission: chat.extra.editPermission,
    owner_id_type: directory.isBot(chat.ownerId) ? 'app_id' : 'open_id',
    owner_id: chat.ownerId,
    chat_mode: chat.chatMode,
    chat_type: chat.chatType,
    chat_tag: 'inner',
    join_message_visibility: chat.extra.joinMessageVisibility,
    leave_message_visibility: chat.extra.leaveMessageVisibility,
    membership_approval: chat.extra.membershipApproval,
    moderation_permission: 'all_members',
    external: chat.external,
    tenant_key: directory.tenant.tenantKey,
  };
}

export function createdChatJson(chat: Chat, directory: Directory): Record<string, unknown> {
  return { chat_id: chat.chatId, ...chatInfoJson(chat, directory) };
}

export function chatDetailJson(chat: Chat, directory: Directory): Record<string, unknown> {
  return {
    ...chatInfoJson(chat, directory),
    // Feishu returns the counts as strings.
    user_count: String(chat.members.length),
    bot_count: String(chat.bots.length),
    chat_status: chat.status,
  };
}

export function memberJson(openId: string, directory: Directory): Record<string, unknown> {
  return {
    member_id_type: 'open_id',
    member_id: openId,
    name: directory.displayName(openId),
    tenant_key: directory.tenantKeyOf(openId),
  };
}
