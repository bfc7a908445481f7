import type { Participant, StaffOrderView } from '@kequn/contracts';
import type { CustomerFinder } from '../customers/customer-finder';
import type { Executor } from '../db/schema';
import { loadGroupState } from '../groups/group-view';
import type { OrderRecord } from './order-store';

/** WeCom truncates long group names; we keep ours within what the page shows on one line. */
const MAX_GROUP_NAME = 60;

export function participantsOf(order: OrderRecord, defaultMembers: readonly string[]): Participant[] {
  const fromOrder = order.staff.map(({ userId, name }) => ({ userId, name, source: 'order' as const }));
  const extra = defaultMembers
    .filter((id) => !order.staffUserIds.includes(id))
    .map((userId) => ({ userId, name: null, source: 'default' as const }));
  return [...fromOrder, ...extra];
}

export function groupNameOf(order: OrderRecord): string {
  const name = order.groupName ?? [order.customer.name, order.title].filter(Boolean).join(' · ');
  return name.slice(0, MAX_GROUP_NAME);
}

/** The H5 page's view of an order for the signed-in staff member. */
export async function buildStaffView(
  db: Executor,
  order: OrderRecord,
  staffUserId: string,
  deps: { customers: CustomerFinder; defaultMembers: readonly string[]; now: Date },
): Promise<StaffOrderView> {
  const [customer, state] = await Promise.all([
    deps.customers.find(staffUserId, order.customer),
    loadGroupState(db, order.orderId, deps.now),
  ]);
  return {
    orderId: order.orderId,
    title: order.title,
    groupName: groupNameOf(order),
    customer,
    participants: participantsOf(order, deps.defaultMembers),
    group: state.group,
    creating: state.creating,
  };
}

/** Who the group should contain, as far as the server knows without asking WeCom. */
export async function knownCustomerIds(
  order: OrderRecord,
  staffUserId: string,
  customers: CustomerFinder,
): Promise<string[]> {
  if (order.customer.externalUserId) return [order.customer.externalUserId];
  return order.customer.mobile ? customers.cachedMatches(staffUserId, order.customer.mobile) : [];
}
