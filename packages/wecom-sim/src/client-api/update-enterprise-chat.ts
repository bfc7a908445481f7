import { z } from 'zod';
import { memberLimit } from '../groups/model';
import type { SimState } from '../state';

export const updateEnterpriseChatSchema = z.object({
  callerUserId: z.string().min(1),
  chatId: z.string(),
  userIdsToAdd: z.array(z.string()).max(2000).default([]),
});

export type UpdateEnterpriseChatInput = z.output<typeof updateEnterpriseChatSchema>;
/** added: the ids that became members (ids already in the group are skipped). */
export type UpdateChatResult = { ok: true; chatId: string; added: string[] } | { ok: false; errMsg: string };

const API = 'updateEnterpriseChat';

/**
 * updateEnterpriseChat as the client implements it [platform-facts §4, §13; path/96932 and the
 * mini-program twin path/96969]: customer groups only ("unsupported chat" otherwise, documented),
 * staff only, and the caller must be in the group (documented for the mini-program API; assumed
 * for the page). The new staff join invited by the caller (join_scene 1) at the simulator's time,
 * and WeCom pushes change_external_chat update/add_member as for any member change.
 * UNCONFIRMED: the other failure wordings, and that ids already in the group are skipped rather
 * than refused.
 */
export function updateEnterpriseChat(state: SimState, input: UpdateEnterpriseChatInput): UpdateChatResult {
  const caller = input.callerUserId;
  if (!state.directory.activeStaff(caller)) return fail('invalid callerUserId');
  const group = input.chatId ? state.groups.get(input.chatId) : undefined;
  if (!group || group.dismissed) return fail('invalid chatId');
  if (group.kind !== 'customer') return fail('unsupported chat');
  if (!group.members.some((m) => m.id === caller)) return fail('not in chat');
  const ids = [...new Set(input.userIdsToAdd)];
  // Customers, unknown and departed people are refused: the API adds the corp's own staff.
  if (!ids.length || ids.some((id) => !state.directory.activeStaff(id))) return fail('invalid userIdsToAdd');
  const added = ids.filter((id) => !group.members.some((m) => m.id === id));
  if (!added.length) return { ok: true, chatId: group.chatId, added };
  if (group.members.length + added.length > memberLimit(group)) return fail('exceed max member limit');
  state.groups.addMembers(
    group.chatId,
    added.map((id) => ({ id, invitor: caller })),
    1,
  );
  return { ok: true, chatId: group.chatId, added };
}

function fail(reason: string): UpdateChatResult {
  return { ok: false, errMsg: `${API}:${reason}` };
}
