import type { CorpDirectory } from '../corp/directory';
import { formatErrmsg } from '../http/wecom-errors';
import type { Group, TransferKind } from './model';

/**
 * Per-chat failure codes of groupchat/transfer and onjob_transfer [platform-facts §15].
 * 90500, 90501, 90502, 90504, 90507 and 90508 are in the global catalogue (90503 concerns
 * kicking members; 90505, 90506, 90509 and 90510 are in no copy we found). The codes for the
 * 90-day and daily limits and for a new owner without customer contact are UNCONFIRMED:
 * 40128 is what the customer handover answers for its own 90-day limit, 45009 the generic
 * frequency limit, 84074 "no customer-contact permission".
 */
export const TRANSFER_ERRCODES = {
  unknownChat: 40050,
  notResigned: 90500,
  notCustomerGroup: 90501,
  ownerResigned: 90502,
  sameOwner: 90504,
  inProgress: 90507,
  alreadyTransferred: 90508,
  newOwnerWithoutContact: 84074,
  tooOften: 40128,
  dailyLimit: 45009,
} as const;

/** "90个自然日内，在职成员的每个客户群仅可被转接2次" (onjob_transfer doc). */
export const ONJOB_WINDOW_MS = 90 * 86_400_000;
export const ONJOB_MAX_IN_WINDOW = 2;
/** "同一个人的群，限制每天最多分配300个给新群主" (UNCONFIRMED how WeCom counts the day). */
export const DAILY_TRANSFER_LIMIT = 300;

export interface FailedChat {
  chat_id: string;
  errcode: number;
  errmsg: string;
}

interface InjectedFailure {
  errcode: number;
  errmsg?: string;
  remaining: number;
}

/** Failures a test asks for on the next transfer(s) of given chats, e.g. 90507 (in progress). */
export class TransferFaults {
  private readonly byChat = new Map<string, InjectedFailure>();

  add(chatIds: string[], errcode: number, times: number, errmsg?: string): void {
    for (const chatId of chatIds) this.byChat.set(chatId, { errcode, errmsg, remaining: times });
  }

  list(): Array<{ chatId: string; errcode: number; remaining: number }> {
    return [...this.byChat].map(([chatId, f]) => ({ chatId, errcode: f.errcode, remaining: f.remaining }));
  }

  clear(): void {
    this.byChat.clear();
  }

  take(chatId: string): FailedChat | undefined {
    const fault = this.byChat.get(chatId);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.byChat.delete(chatId);
    return { chat_id: chatId, errcode: fault.errcode, errmsg: fault.errmsg ?? formatErrmsg(fault.errcode) };
  }
}

export interface TransferContext {
  kind: TransferKind;
  newOwner: string;
  nowMs: number;
  directory: CorpDirectory;
  /** Groups given to newOwner so far today (China time), this call included. */
  transferredToday: number;
}

/** Why this chat cannot go to newOwner, or undefined when it can. Injected faults come first. */
export function transferProblem(
  group: Group | undefined,
  chatId: string,
  ctx: TransferContext,
): FailedChat | undefined {
  const fail = (errcode: number): FailedChat => ({ chat_id: chatId, errcode, errmsg: formatErrmsg(errcode) });
  const E = TRANSFER_ERRCODES;
  if (!group || group.dismissed) return fail(E.unknownChat);
  if (group.kind !== 'customer') return fail(E.notCustomerGroup);
  const ownerResigned = ctx.directory.isResigned(group.owner);
  if (ctx.kind === 'resigned' && !ownerResigned) {
    return fail(group.transfers.at(-1)?.kind === 'resigned' ? E.alreadyTransferred : E.notResigned);
  }
  if (ctx.kind === 'onjob' && ownerResigned) return fail(E.ownerResigned);
  if (group.owner === ctx.newOwner) return fail(E.sameOwner);
  if (!ctx.directory.canContactCustomers(ctx.newOwner)) return fail(E.newOwnerWithoutContact);
  if (ctx.kind === 'onjob') {
    const recent = group.transfers.filter((t) => t.kind === 'onjob' && ctx.nowMs - t.atMs < ONJOB_WINDOW_MS);
    if (recent.length >= ONJOB_MAX_IN_WINDOW) return fail(E.tooOften);
  }
  if (ctx.transferredToday >= DAILY_TRANSFER_LIMIT) return fail(E.dailyLimit);
  return undefined;
}

/** Day number in China time (UTC+8), where WeCom's "per day" limits reset. */
export function chinaDay(ms: number): number {
  return Math.floor((ms + 8 * 3_600_000) / 86_400_000);
}

export function transfersToOnDay(groups: Group[], newOwner: string, day: number): number {
  let count = 0;
  for (const group of groups) {
    for (const t of group.transfers) if (t.to === newOwner && chinaDay(t.atMs) === day) count += 1;
  }
  return count;
}
