import type { DismissedGroup, GroupBinding, GroupIntent } from '@kequn/contracts';
import type { Executor } from '../db/schema';
import { findBinding, isLeaseLive, type BindingRecord } from './binding-store';
import { listMembers } from './member-store';

export interface GroupState {
  group: GroupBinding | null;
  creating: GroupIntent | null;
}

/**
 * What pages and the business system see. A bare intent is not a group yet (group: null, only
 * `creating`); after an old client reported "created, no chatId" the group shows as `creating`
 * with chatId null until WeCom's callback binds it.
 */
export async function loadGroupState(db: Executor, orderId: string, now: Date): Promise<GroupState> {
  const binding = await findBinding(db, orderId);
  if (!binding) return { group: null, creating: null };
  return {
    group: await toGroupBinding(db, binding, now),
    creating: isLeaseLive(binding, now) ? intentOf(binding) : null,
  };
}

/**
 * A creation reported without chatId shows only while its window is open; after it, no group came
 * of it as far as we know and the order may try again (the reconcile may still find and bind it).
 */
export async function toGroupBinding(db: Executor, binding: BindingRecord, now: Date): Promise<GroupBinding | null> {
  if (binding.chatId === null && !(binding.awaitingCallback && isLeaseLive(binding, now))) return null;
  // Bound but not yet shown by WeCom with its binder in it: a creation in progress, nothing more.
  if (binding.chatId !== null && binding.verifiedAt === null) {
    const at = binding.createdAt.toISOString();
    return { chatId: null, status: 'creating', createdBy: binding.createdBy, createdAt: at, members: [] };
  }
  return {
    chatId: binding.chatId,
    status: binding.status,
    createdBy: binding.createdBy,
    createdAt: binding.createdAt.toISOString(),
    members: binding.chatId ? await listMembers(db, binding.chatId) : [],
    platform: binding.platform,
    route: binding.route,
  };
}

/** The order's earlier, dismissed groups (see `archiveDismissed`), oldest first. */
export async function dismissedGroupsOf(db: Executor, orderId: string): Promise<DismissedGroup[]> {
  const rows = await db
    .selectFrom('dismissed_groups')
    .select(['chat_id', 'created_by', 'created_at', 'dismissed_at'])
    .where('order_id', '=', orderId)
    .orderBy('dismissed_at')
    .execute();
  return rows.map((r) => ({
    chatId: r.chat_id,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    dismissedAt: r.dismissed_at.toISOString(),
  }));
}

export function intentOf(binding: BindingRecord): GroupIntent {
  return { by: binding.createdBy, until: (binding.leaseUntil ?? binding.createdAt).toISOString() };
}
