import { z } from 'zod';
import type { Customer } from '../corp/schema';
import type { SimState } from '../state';

export const openEnterpriseChatSchema = z.object({
  callerUserId: z.string().min(1),
  userIds: z.array(z.string()).default([]),
  externalUserIds: z.array(z.string()).default([]),
  groupName: z.string().optional(),
  chatId: z.string().optional(),
  appIdentity: z.boolean(),
});

export type OpenEnterpriseChatInput = z.output<typeof openEnterpriseChatSchema>;
export type ChatResult = { ok: true; chatId: string | null; kind: 'single' | 'group' } | { ok: false; errMsg: string };

/** Member limits at creation [platform-facts §4]. */
const LIMITS = { internal: 2000, external: 500, withWeChatUser: 40 };
const API = 'openEnterpriseChat';

/**
 * openEnterpriseChat as the client implements it [platform-facts §4]:
 * - `chatId` opens that existing customer group and ignores everything else;
 * - one participant besides the caller opens a one-to-one chat (no group);
 * - two or more create a group (a customer group when any customer is in it), whose chatId
 *   the page receives only under app identity.
 * errMsg wordings are approximations of the client's (UNCONFIRMED), prefixed like the client's.
 */
export function openEnterpriseChat(state: SimState, input: OpenEnterpriseChatInput): ChatResult {
  if (!state.directory.activeStaff(input.callerUserId)) return fail('invalid callerUserId');
  if (input.chatId !== undefined) return openExisting(state, input.chatId);
  const problem = participantProblem(state, input);
  if (problem) return fail(problem);
  const staff = unique(input.userIds).filter((id) => id !== input.callerUserId);
  const customers = unique(input.externalUserIds).map((id) => state.directory.customer(id) as Customer);
  const others = staff.length + customers.length;
  if (others === 0) return fail('invalid userIds');
  if (others === 1) return { ok: true, chatId: null, kind: 'single' };
  if (others + 1 > memberLimit(customers)) return fail('exceed max member limit');
  const group = state.groups.create({
    kind: customers.length ? 'customer' : 'internal',
    name: input.groupName ?? '',
    owner: input.callerUserId,
    joinScene: 1,
    members: [
      { id: input.callerUserId },
      ...[...staff, ...customers.map((c) => c.externalUserId)].map((id) => ({ id, invitor: input.callerUserId })),
    ],
  });
  return { ok: true, chatId: input.appIdentity ? group.chatId : null, kind: 'group' };
}

function openExisting(state: SimState, chatId: string): ChatResult {
  const group = state.groups.get(chatId);
  if (!group || group.dismissed) return fail('invalid chatId');
  if (group.kind !== 'customer') return fail('unsupported chat');
  return { ok: true, chatId, kind: 'group' };
}

/**
 * Unknown people fail. A customer must be one of the caller's own contacts (the client only
 * lets staff pull in their customers; the exact error text is UNCONFIRMED).
 */
function participantProblem(state: SimState, input: OpenEnterpriseChatInput): string | undefined {
  if (input.userIds.some((id) => !state.directory.staff(id))) return 'invalid userIds';
  const notContact = (id: string) =>
    !state.directory.customer(id) || !state.directory.isContact(input.callerUserId, id);
  if (input.externalUserIds.some(notContact)) return 'invalid externalUserIds';
  return undefined;
}

function memberLimit(customers: Customer[]): number {
  if (!customers.length) return LIMITS.internal;
  return customers.some((c) => c.type === 1) ? LIMITS.withWeChatUser : LIMITS.external;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function fail(reason: string): ChatResult {
  return { ok: false, errMsg: `${API}:${reason}` };
}
