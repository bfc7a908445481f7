import { isWecomError } from '@kequn/wecom';
import type { WecomAccess } from '../customers/wecom-contacts';
import type { SeenMember } from './member-store';

export interface GroupChat {
  chatId: string;
  owner: string;
  createTime: Date;
  members: SeenMember[];
}

interface GroupChatReply {
  group_chat: {
    chat_id: string;
    owner: string;
    create_time: number;
    member_list?: Array<{ userid: string; type: number; join_time?: number; name?: string }>;
  };
}

/**
 * groupchat/get [platform-facts §7]. null when WeCom says the chat cannot be read (unknown,
 * dismissed, not a customer group: an input error); transient and permission errors are thrown
 * so the caller retries later.
 */
export async function getGroupChat(wecom: WecomAccess, chatId: string): Promise<GroupChat | null> {
  let reply: GroupChatReply;
  try {
    reply = await wecom.credentials.withAccessToken((token) =>
      wecom.client.post<GroupChatReply>(
        'externalcontact_groupchat_get',
        '/cgi-bin/externalcontact/groupchat/get',
        { access_token: token },
        { chat_id: chatId, need_name: 1 },
      ),
    );
  } catch (err) {
    if (isWecomError(err) && err.errcode !== undefined && (err.kind === 'input' || err.kind === 'unknown')) return null;
    throw err;
  }
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
