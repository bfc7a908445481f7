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

export class JoinWayStore {
  private readonly ways = new Map<string, JoinWay>();
  private created = 0;

  constructor(seed: JoinWaySeed[]) {
    for (const way of seed) this.ways.set(way.configId, { ...way });
    this.created = seed.length;
  }

  add(agentId: string, fields: JoinWayFields): JoinWay | 'quota' {
    if (this.created >= JOIN_WAY_QUOTA) return 'quota';
    const way: JoinWay = { configId: randomHex(16), agentId, ...fields };
    this.ways.set(way.configId, way);
    this.created += 1;
    return way;
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
    return true;
  }

  delete(agentId: string, configId: string): boolean {
    return this.get(agentId, configId) ? this.ways.delete(configId) : false;
  }
}
