import { SimInputError } from '../http/sim-errors';
import type { SimState } from '../state';
import { JOIN_WAY_CHAT_LIMIT, type JoinWay } from './join-ways';
import type { Group } from './model';

/** Members joining through a QR code stop at 200 (WeCom's limit for QR joins; UNCONFIRMED). */
export const QR_JOIN_LIMIT = 200;

export interface ScanResult {
  group: Group;
  /** The group WeCom made because every listed one was full (auto_create_room 1). */
  created: boolean;
}

/**
 * A customer scans a join way's QR code [platform-facts §13]: they join the first listed group
 * with room (join_scene 3, the way's state). When none has room and auto_create_room is 1,
 * WeCom makes a new customer group named room_base_name + room_base_id, owned by the owner of
 * the last listed group (UNCONFIRMED whose), and lists it on the join way; a way that already
 * lists 5 groups cannot grow. Both steps are client-side, so both emit callbacks.
 */
export function scanJoinWay(state: SimState, way: JoinWay, externalUserId: string): ScanResult {
  if (!state.directory.customer(externalUserId)) {
    throw new SimInputError('unknown_customer', `no customer ${externalUserId}`);
  }
  const open = way.chatIdList.find((id) => {
    const group = state.groups.get(id);
    return group && !group.dismissed && group.members.length < QR_JOIN_LIMIT;
  });
  if (open) return { group: join(state, open, way, externalUserId), created: false };
  if (way.autoCreateRoom !== 1) {
    throw new SimInputError('groups_full', 'every group of this join way is full or dismissed', 409);
  }
  if (way.chatIdList.length >= JOIN_WAY_CHAT_LIMIT) {
    throw new SimInputError(
      'join_way_full',
      `every group is full and the join way already lists ${JOIN_WAY_CHAT_LIMIT} groups`,
      409,
    );
  }
  const lastChatId = way.chatIdList.at(-1) ?? '';
  const owner = state.groups.get(lastChatId)?.owner;
  if (!owner || !state.directory.canContactCustomers(owner)) {
    throw new SimInputError('no_owner', `the owner of ${lastChatId} cannot own a new customer group`, 409);
  }
  const room = state.groups.create({
    kind: 'customer',
    name: `${way.roomBaseName}${way.roomBaseId}`,
    owner,
    joinScene: 1,
    members: [{ id: owner }],
  });
  state.joinWays.appendAutoRoom(way.configId, room.chatId);
  return { group: join(state, room.chatId, way, externalUserId), created: true };
}

function join(state: SimState, chatId: string, way: JoinWay, externalUserId: string): Group {
  return state.groups.addMembers(chatId, [{ id: externalUserId, state: way.state || undefined }], 3);
}
