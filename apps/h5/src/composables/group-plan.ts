import type { Customer, Participant } from '@kequn/contracts';
import type { Colleague } from '../wecom/sdk';

/** A customer as far as the page knows them (a picked id may come without a name). */
export interface CustomerPick {
  externalUserId: string;
  name: string | null;
  type: Customer['type'] | null;
}

export interface GroupPlan {
  /** Staff besides the signed-in member (the client makes the caller the owner). */
  userIds: string[];
  externalUserIds: string[];
  needsCustomer: boolean;
  /** One other person would open a one-to-one chat, not a group (platform-facts headline). */
  needsColleague: boolean;
  /** Set when the group would exceed WeCom's member limit for its kind. */
  overLimit: number | null;
}

/** Member limits at creation (platform-facts §4): any personal-WeChat customer caps the group at 40. */
const LIMIT_WITH_WECHAT = 40;
const LIMIT_EXTERNAL = 500;

export function planGroup(
  me: string,
  staff: Participant[],
  colleagues: Colleague[],
  customers: CustomerPick[],
): GroupPlan {
  const userIds = unique([...staff.map((p) => p.userId), ...colleagues.map((c) => c.userId)]).filter((id) => id !== me);
  const externalUserIds = unique(customers.map((c) => c.externalUserId));
  const members = 1 + userIds.length + externalUserIds.length;
  const limit = customers.some((c) => c.type === 1) ? LIMIT_WITH_WECHAT : LIMIT_EXTERNAL;
  return {
    userIds,
    externalUserIds,
    needsCustomer: externalUserIds.length === 0,
    needsColleague: externalUserIds.length > 0 && members - 1 < 2,
    overLimit: members > limit ? limit : null,
  };
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
