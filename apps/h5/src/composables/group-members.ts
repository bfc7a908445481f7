import type { GroupMember, Participant } from '@kequn/contracts';
import type { CustomerPick } from './group-plan';

export type CustomerState = 'joined' | 'left' | 'absent';

export const CUSTOMER_STATE_LABEL: Record<CustomerState, string> = {
  joined: '已入群',
  left: '已退群',
  absent: '未入群',
};

export interface CustomerRow {
  id: string;
  name: string;
  state: CustomerState;
}

export interface StaffRow {
  id: string;
  /** Null when neither WeCom nor the order named them (the page then asks WeCom's open data). */
  name: string | null;
  me: boolean;
  left: boolean;
}

export interface MembersView {
  /** False while the server has no member list yet (a group always has its owner in it). */
  known: boolean;
  customers: CustomerRow[];
  staff: StaffRow[];
}

/** A customer without a name shows the end of their id, as in the participant list. */
export const customerLabel = (id: string, name: string | null | undefined) => name || `客户 …${id.slice(-4)}`;

/**
 * Who is in the order's group as the server last read it: customers with 已入群 / 已退群, and the
 * customers this order is for (named by the order or picked here) who are not among the members
 * as 未入群; staff by name, or null when nobody gave one (WeCom's open data then names them).
 */
export function membersView(
  members: GroupMember[],
  expected: CustomerPick[],
  participants: Participant[],
  me: string,
): MembersView {
  if (members.length === 0) return { known: false, customers: [], staff: [] };
  const nameOf = (id: string) => expected.find((c) => c.externalUserId === id)?.name;
  const inGroup = members.filter((m) => m.type === 'customer');
  const customers: CustomerRow[] = [
    ...inGroup.map((m) => ({
      id: m.id,
      name: customerLabel(m.id, m.name ?? nameOf(m.id)),
      state: m.leftAt ? ('left' as const) : ('joined' as const),
    })),
    ...expected
      .filter((c) => !inGroup.some((m) => m.id === c.externalUserId))
      .map((c) => ({ id: c.externalUserId, name: customerLabel(c.externalUserId, c.name), state: 'absent' as const })),
  ].sort((a, b) => ORDER[a.state] - ORDER[b.state]);
  const staff = members
    .filter((m) => m.type === 'staff')
    .map((m) => ({
      id: m.id,
      name: m.name || participants.find((p) => p.userId === m.id)?.name || null,
      me: m.id === me,
      left: m.leftAt !== null,
    }))
    .sort((a, b) => Number(b.me) - Number(a.me) || Number(a.left) - Number(b.left));
  return { known: true, customers, staff };
}

const ORDER: Record<CustomerState, number> = { joined: 0, absent: 1, left: 2 };
