import type { SimClock } from '../clock';

/** Chat creation limits per app [facts §10]: 50 calls a second, 1000 a minute. */
export const CREATE_PER_SECOND = 50;
export const CREATE_PER_MINUTE = 1000;

export interface SecondBucket {
  /** Unix second of the simulator clock. */
  second: number;
  /** Every create call that arrived in that second, whatever its answer. */
  calls: number;
  /** How many of them the simulator answered 232019. */
  limited: number;
}

/**
 * Fixed windows on the simulator clock (Feishu does not say whether its windows slide;
 * UNCONFIRMED). The histogram keeps every arrival so a test can assert that a client never
 * sent more than 50 in any second.
 */
export class CreateRateMeter {
  private readonly buckets = new Map<number, SecondBucket>();
  private readonly acceptedPerSecond = new Map<number, number>();
  private readonly acceptedPerMinute = new Map<number, number>();

  constructor(private readonly clock: SimClock) {}

  /** Records an arrival (called for every create, faulted or not). */
  arrive(): SecondBucket {
    const second = Math.floor(this.clock.now() / 1000);
    const bucket = this.buckets.get(second) ?? { second, calls: 0, limited: 0 };
    bucket.calls += 1;
    this.buckets.set(second, bucket);
    return bucket;
  }

  /** Whether an authenticated create may proceed; counts it against the windows when it may. */
  admit(): boolean {
    const second = Math.floor(this.clock.now() / 1000);
    const minute = Math.floor(second / 60);
    const inSecond = this.acceptedPerSecond.get(second) ?? 0;
    const inMinute = this.acceptedPerMinute.get(minute) ?? 0;
    if (inSecond >= CREATE_PER_SECOND || inMinute >= CREATE_PER_MINUTE) {
      const bucket = this.buckets.get(second);
      if (bucket) bucket.limited += 1;
      return false;
    }
    this.acceptedPerSecond.set(second, inSecond + 1);
    this.acceptedPerMinute.set(minute, inMinute + 1);
    return true;
  }

  histogram(): { perSecond: SecondBucket[]; maxPerSecond: number; total: number } {
    const perSecond = [...this.buckets.values()].sort((a, b) => a.second - b.second).map((b) => ({ ...b }));
    return {
      perSecond,
      maxPerSecond: perSecond.reduce((max, b) => Math.max(max, b.calls), 0),
      total: perSecond.reduce((sum, b) => sum + b.calls, 0),
    };
  }
}
