import type { JoinWaySeed } from '../corp/schema';
import { randomHex } from '../credentials/random';

export interface JoinWay {
  configId: string;
  /** The app that created it: other apps cannot see or change it. */
  agentId: string;
  scene: 1 | 2;
  remark: string;
  autoCreateRoom: 0 | 1;
  roomBaseName: string;
  roomBaseId: number;
  chatIdList: string[];
  state: string;
  markSource: boolean;
}

export type JoinWayFields = Omit<JoinWay, 'configId' | 'agentId'>;

/** Join ways share the corp's 500,000 quota with "contact me" [platform-facts §7]. */
export const JOIN_WAY_QUOTA = 500_000;

/** A join way names at most 5 groups, auto-created ones included [platform-facts §13]. */
export const JOIN_WAY_CHAT_LIMIT = 5;

export class JoinWayStore {
  private readonly ways = new Map<string, JoinWay>();
  private created = 0;

  constructor(
    seed: JoinWaySeed[],
    /** Called after every change, for persistence. */
    private readonly onChange: () => void = () => {},
  ) {
    for (const way of seed) this.ways.set(way.configId, { ...way });
    this.created = seed.length;
  }

  /** Every join way of every app, and the quota counter (deleting does not give quota back). */
  snapshot(): { ways: JoinWay[]; created: number } {
    return {
      ways: [...this.ways.values()].map((w) => ({ ...w, chatIdList: [...w.chatIdList] })),
      created: this.created,
    };
  }

  restore(snapshot: { ways: JoinWay[]; created: number }): void {
    this.ways.clear();
    for (const way of snapshot.ways) this.ways.set(way.configId, { ...way });
    this.created = Math.max(snapshot.created, snapshot.ways.length);
  }

  add(agentId: string, fields: JoinWayFields): JoinWay | 'quota' {
    if (this.created >= JOIN_WAY_QUOTA) return 'quota';
    const way: JoinWay = { configId: randomHex(16), agentId, ...fields };
    this.ways.set(way.configId, way);
    this.created += 1;
    this.onChange();
    return way;
  }

  /** The join ways an app made, in creation order. */
  list(agentId: string): JoinWay[] {
    return [...this.ways.values()].filter((w) => w.agentId === agentId);
  }

  /** Only the creating app sees a join way; to anyone else it does not exist. */
  get(agentId: string, configId: string): JoinWay | undefined {
    const way = this.ways.get(configId);
    return way && way.agentId === agentId ? way : undefined;
  }

  /** For the simulated QR scan, which is not bound to an app. */
  any(configId: string): JoinWay | undefined {
    return this.ways.get(configId);
  }

  update(agentId: string, configId: string, fields: JoinWayFields): boolean {
    const way = this.get(agentId, configId);
    if (!way) return false;
    Object.assign(way, fields);
    this.onChange();
    return true;
  }

  /** WeCom made a new group for a full join way: it joins the list and the next number is used. */
  appendAutoRoom(configId: string, chatId: string): void {
    const way = this.ways.get(configId);
    if (!way) return;
    way.chatIdList = [...way.chatIdList, chatId];
    way.roomBaseId += 1;
    this.onChange();
  }

  delete(agentId: string, configId: string): boolean {
    if (!this.get(agentId, configId)) return false;
    this.ways.delete(configId);
    this.onChange();
    return true;
  }
}
