import { ApiError } from '../http/api-error';
import type { GroupChat, GroupRead } from './ports';

/**
 * What a staff member's bind may do with a chat, decided by what WeCom says about it:
 * `verified` — a customer group with the staff member as owner or member; `unknown` — WeCom does
 * not show the chat (yet: its read may lag a chat the client just made); `refused` — never.
 */
export type BindCheck = { verdict: 'verified' } | { verdict: 'unknown' } | { verdict: 'refused'; error: ApiError };

/** Re-reads of a chat WeCom does not show yet: about 3 s in all, enough for a fresh chat to appear. */
export const DEFAULT_VERIFY_WAITS_MS = [300, 700, 2_000];

export interface BindCheckDeps {
  read: (chatId: string) => Promise<GroupRead>;
  waitsMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

export const staffIsIn = (chat: GroupChat, userId: string): boolean =>
  chat.owner === userId || chat.members.some((m) => m.type === 'staff' && m.id === userId);

export async function checkChatForStaff(deps: BindCheckDeps, chatId: string, userId: string): Promise<BindCheck> {
  const waits = deps.waitsMs ?? DEFAULT_VERIFY_WAITS_MS;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; ; attempt += 1) {
    const read = await deps.read(chatId);
    if (read.state === 'live') {
      return staffIsIn(read.chat, userId) ? { verdict: 'verified' } : { verdict: 'refused', error: chatNotYours() };
    }
    if (read.state === 'unreadable') return { verdict: 'refused', error: notCustomerGroup() };
    const wait = waits[attempt];
    if (wait === undefined) return { verdict: 'unknown' };
    await sleep(wait);
  }
}

const chatNotYours = () =>
  new ApiError(403, 'chat_not_yours', 'You are neither the owner nor a member of this customer group in WeCom.');
const notCustomerGroup = () =>
  new ApiError(422, 'not_customer_group', 'WeCom does not show this chat as a customer group (90501).');
export const chatNotFound = () =>
  new ApiError(
    404,
    'chat_not_found',
    'WeCom knows no such customer group. Bind the chatId openEnterpriseChat returned.',
  );
