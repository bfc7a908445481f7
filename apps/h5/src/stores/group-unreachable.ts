import type { StaffOrderView } from '@kequn/contracts';

/**
 * The client could not open the order's group (`invalid chatid`), and WeCom, asked again through
 * the server, says why: the group is gone (its dismiss event was lost), or the signed-in staff
 * member is not in it. Retrying the same call fixes neither.
 */
export class GroupUnreachable extends Error {
  constructor(
    readonly reason: 'dismissed' | 'not_member' | 'other',
    /** Who can add this staff member back: the group's owner (as the order knows them). */
    readonly ownerName: string | null,
    readonly clientMessage: string,
  ) {
    super(`group unreachable: ${reason}`);
  }
}

export function isGroupUnreachable(err: unknown): err is GroupUnreachable {
  return err instanceof GroupUnreachable;
}

/** Why the refreshed order's group cannot be opened by `me`. */
export function unreachableReason(view: StaffOrderView, me: string): GroupUnreachable['reason'] {
  const group = view.group;
  if (!group || group.status === 'dismissed') return 'dismissed';
  const inGroup = group.members.some((m) => m.type === 'staff' && m.id === me && m.leftAt === null);
  return group.members.length > 0 && !inGroup ? 'not_member' : 'other';
}
