import { nowSeconds, type SimClock } from '../clock';
import type { CorpDirectory } from '../corp/directory';
import type { SeedGroup } from '../corp/schema';
import { randomId } from '../credentials/random';
import { SimInputError } from '../http/sim-errors';
import {
  memberLimit,
  memberVersion,
  newChatId,
  type Group,
  type GroupEvent,
  type GroupMember,
  type JoinScene,
  type TransferKind,
} from './model';

export interface NewMember {
  id: string;
  invitor?: string;
  state?: string;
}

export interface CreateGroupInput {
  kind: Group['kind'];
  name: string;
  owner: string;
  members: NewMember[];
  joinScene: JoinScene;
}

/** All chats of the corp. Client-side changes are reported through `onEvent` (→ callbacks). */
export class GroupStore {
  private readonly groups = new Map<string, Group>();

  constructor(
    seed: SeedGroup[],
    private readonly directory: CorpDirectory,
    private readonly clock: SimClock,
    private readonly onEvent: (event: GroupEvent) => void,
    /** Changes WeCom does not report (API handovers); persistence listens to these and to events. */
    private readonly onSilentChange: () => void = () => {},
  ) {
    for (const g of seed) this.groups.set(g.chatId, fromSeed(g, directory));
  }

  /** Replaces every group (restoring a saved corp); no events. */
  restore(groups: Group[]): void {
    this.groups.clear();
    for (const g of groups) this.groups.set(g.chatId, g);
  }

  get(chatId: string): Group | undefined {
    return this.groups.get(chatId);
  }

  /** A live (not dismissed) group, or a 404 for the control API. */
  require(chatId: string): Group {
    const group = this.groups.get(chatId);
    if (!group || group.dismissed) throw new SimInputError('unknown_chat', `no live group ${chatId}`, 404);
    return group;
  }

  /** Newest first, as users see them. */
  list(): Group[] {
    return [...this.groups.values()].sort((a, b) => b.createTime - a.createTime);
  }

  create(input: CreateGroupInput): Group {
    const now = nowSeconds(this.clock);
    const group: Group = {
      chatId: newChatId(randomId(30)),
      kind: input.kind,
      name: input.name,
      owner: input.owner,
      createTime: now,
      createdAtMs: this.clock.now(),
      notice: '',
      members: input.members.map((m) => this.member(m, now, input.joinScene)),
      admins: [],
      dismissed: false,
      version: 1,
      transfers: [],
    };
    this.groups.set(group.chatId, group);
    this.onEvent({ type: 'create', group });
    return group;
  }

  addMembers(chatId: string, members: NewMember[], joinScene: JoinScene): Group {
    const group = this.require(chatId);
    const ids = members.map((m) => m.id);
    const present = ids.filter((id) => group.members.some((m) => m.id === id));
    if (present.length) throw new SimInputError('already_member', `already in the group: ${present.join(', ')}`, 409);
    if (new Set(ids).size !== ids.length) throw new SimInputError('invalid_request', 'duplicate member ids');
    if (group.members.length + ids.length > memberLimit(group)) {
      throw new SimInputError('group_full', `a ${group.kind} group holds at most ${memberLimit(group)} members`, 409);
    }
    const now = nowSeconds(this.clock);
    group.members.push(...members.map((m) => this.member(m, now, joinScene)));
    const lastVersion = this.bump(group);
    this.onEvent({
      type: 'add_member',
      group,
      ids,
      joinScene,
      lastVersion,
      curVersion: memberVersion(group, group.version),
    });
    return group;
  }

  /** quitScene 0 = left by themselves, 1 = removed by the owner or an admin. */
  removeMember(chatId: string, id: string, quitScene: 0 | 1): Group {
    const group = this.require(chatId);
    if (id === group.owner)
      throw new SimInputError('owner_cannot_leave', 'the owner cannot leave; dismiss the group instead', 409);
    const index = group.members.findIndex((m) => m.id === id);
    if (index < 0) throw new SimInputError('not_member', `${id} is not in the group`, 404);
    group.members.splice(index, 1);
    group.admins = group.admins.filter((a) => a !== id);
    const lastVersion = this.bump(group);
    this.onEvent({
      type: 'del_member',
      group,
      ids: [id],
      quitScene,
      lastVersion,
      curVersion: memberVersion(group, group.version),
    });
    return group;
  }

  dismiss(chatId: string): Group {
    const group = this.require(chatId);
    group.dismissed = true;
    this.onEvent({ type: 'dismiss', group });
    return group;
  }

  /**
   * An API handover: the new owner takes over (joining first if they were not a member) and
   * stops being an admin. WeCom sends no callback for actions done through the API.
   */
  transferOwner(chatId: string, newOwner: string, kind: TransferKind): Group {
    const group = this.require(chatId);
    if (!group.members.some((m) => m.id === newOwner)) {
      group.members.push(this.member({ id: newOwner }, nowSeconds(this.clock), 1));
      this.bump(group);
    }
    group.transfers.push({ kind, from: group.owner, to: newOwner, atMs: this.clock.now() });
    group.owner = newOwner;
    group.admins = group.admins.filter((a) => a !== newOwner);
    this.onSilentChange();
    return group;
  }

  private member(input: NewMember, joinTime: number, joinScene: JoinScene): GroupMember {
    const type = this.directory.memberType(input.id);
    if (!type) throw new SimInputError('unknown_member', `unknown user ${input.id}`);
    return { id: input.id, type, joinTime, joinScene, invitor: input.invitor, state: input.state, groupNickname: '' };
  }

  /** Returns the version string before the change. */
  private bump(group: Group): string {
    const last = memberVersion(group, group.version);
    group.version += 1;
    return last;
  }
}

function fromSeed(seed: SeedGroup, directory: CorpDirectory): Group {
  return {
    ...seed,
    createdAtMs: 0,
    members: seed.members.map((m) => ({ ...m, type: directory.memberType(m.id) ?? 2 })),
    dismissed: false,
    version: 1,
    transfers: [],
  };
}
