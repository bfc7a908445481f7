import { isWecomError } from '@kequn/wecom';
import type { WecomAccess } from '../../customers/wecom-contacts';
import type { GroupChat, GroupRead, GroupReader } from '../../groups/ports';

/**
 * groupchat/get's answer, typed here because SDKs keep dropping `state` (platform-facts §13):
 * `join_scene` 1 invited, 2 link, 3 QR code; `state` the join way's, when they came by one.
 */
export interface GroupChatReply {
  group_chat: {
    chat_id: string;
    owner: string;
    create_time: number;
    member_list?: Array<{
      userid: string;
      type: number;
      join_time?: number;
      join_scene?: number;
      state?: string;
      name?: string;
    }>;
  };
}

/** WeCom's chat-does-not-exist answer: unknown or dismissed (the two cannot be told apart). */
export const CHAT_GONE_ERRCODE = 40050;

/** groupchat/get as the core's GroupReader. */
export const wecomGroupReader = (wecom: WecomAccess): GroupReader => ({
  read: (chatId) => readGroupChat(wecom, chatId),
});

/**
 * groupchat/get [platform-facts §7]. `gone` when WeCom says the chat does not exist (it was
 * dismissed, or never was), `unreadable` for other refusals of this chat (not a customer group,
 * a bad id). Transient, permission and unknown errors are thrown so the caller retries later.
 */
export async function readGroupChat(wecom: WecomAccess, chatId: string): Promise<GroupRead> {
  try {
    return { state: 'live', chat: await getGroupChat(wecom, chatId) };
  } catch (err) {
    if (!isWecomError(err) || err.kind !== 'input') throw err;
    return err.errcode === CHAT_GONE_ERRCODE ? { state: 'gone' } : { state: 'unreadable' };
  }
}

/** groupchat/get as is; WeCom's refusals are thrown (see readGroupChat for the core's reading). */
export async function getGroupChat(wecom: WecomAccess, chatId: string): Promise<GroupChat> {
  const reply = await wecom.credentials.withAccessToken((token) =>
    wecom.client.post<GroupChatReply>(
      'externalcontact_groupchat_get',
      '/cgi-bin/externalcontact/groupchat/get',
      { access_token: token },
      { chat_id: chatId, need_name: 1 },
    ),
  );
  const g = reply.group_chat;
  return {
    chatId: g.chat_id,
    owner: g.owner,
    createTime: new Date(g.create_time * 1000),
    members: (g.member_list ?? []).map((m) => ({
      id: m.userid,
      type: m.type === 2 ? 'customer' : 'staff',
      name: m.name ? m.name : null,
      joinedAt: m.join_time ? new Date(m.join_time * 1000) : null,
      joinScene: m.join_scene ?? null,
      state: m.state ? m.state : null,
    })),
  };
}

/** Chat ids of the customer groups a staff member owns (first page, newest first in practice). */
export async function listOwnedGroups(wecom: WecomAccess, owner: string, limit = 100): Promise<string[]> {
  const reply = await wecom.credentials.withAccessToken((token) =>
    wecom.client.post<{ group_chat_list?: Array<{ chat_id: string }> }>(
      'externalcontact_groupchat_list',
      '/cgi-bin/externalcontact/groupchat/list',
      { access_token: token },
      { status_filter: 0, owner_filter: { userid_list: [owner] }, limit },
    ),
  );
  return (reply.group_chat_list ?? []).map((g) => g.chat_id);
}
