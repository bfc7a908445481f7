import { createHash } from 'node:crypto';

export type JoinScene = 1 | 2 | 3;

export interface GroupMember {
  id: string;
  type: 1 | 2;
  joinTime: number;
  /** 1 invited directly, 2 invitation link, 3 QR code (member_list.join_scene). */
  joinScene: JoinScene;
  invitor?: string;
  state?: string;
  groupNickname: string;
}

export interface Group {
  chatId: string;
  /** Internal groups exist (openEnterpriseChat with staff only) but are not customer groups. */
  kind: 'customer' | 'internal';
  name: string;
  owner: string;
  createTime: number;
  /** Epoch ms of creation in the simulator (seeded groups: 0), for the read lag. */
  createdAtMs: number;
  notice: string;
  members: GroupMember[];
  admins: string[];
  dismissed: boolean;
  /** Bumped on every membership change; member_version is derived from it. */
  version: number;
  /** Owner handovers done through the API (groupchat/transfer, onjob_transfer), oldest first. */
  transfers: TransferRecord[];
}

export type TransferKind = 'resigned' | 'onjob';

export interface TransferRecord {
  kind: TransferKind;
  from: string;
  to: string;
  /** Epoch ms (simulator clock). */
  atMs: number;
}

export type GroupEvent =
  | { type: 'create'; group: Group }
  | { type: 'add_member'; group: Group; ids: string[]; joinScene: JoinScene; lastVersion: string; curVersion: string }
  | { type: 'del_member'; group: Group; ids: string[]; quitScene: 0 | 1; lastVersion: string; curVersion: string }
  | { type: 'dismiss'; group: Group };

/**
 * groupchat/list `status`: 0 normal, 1 owner resigned (离职待继承), 2 handover in progress
 * (离职继承中), 3 handover done (离职继承完成). The simulator completes a handover at once,
 * so 2 never shows.
 */
export type GroupStatus = 0 | 1 | 2 | 3;

export function groupStatus(
  group: Pick<Group, 'owner' | 'transfers'>,
  isResigned: (userId: string) => boolean,
): GroupStatus {
  if (isResigned(group.owner)) return 1;
  return group.transfers.at(-1)?.kind === 'resigned' ? 3 : 0;
}

/** Member limits: external group 500, internal 2,000 [platform-facts §4]. */
export const CUSTOMER_GROUP_LIMIT = 500;
export const INTERNAL_GROUP_LIMIT = 2000;

/** member_version / LastMemVer / CurMemVer look like 32 hex digits. */
export function memberVersion(group: Pick<Group, 'chatId'>, version: number): string {
  return createHash('md5').update(`${group.chatId}:${version}`).digest('hex');
}

export function memberLimit(group: Pick<Group, 'kind'>): number {
  return group.kind === 'customer' ? CUSTOMER_GROUP_LIMIT : INTERNAL_GROUP_LIMIT;
}

/** Chat ids look like `wr` + 30 URL-safe characters. */
export function newChatId(random: string): string {
  return `wr${random.replace(/[-_]/g, 'A').slice(0, 30)}`;
}
