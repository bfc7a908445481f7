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
  /** Every arrival's simulator time (ms), in order: the call log a burst is judged by. */
  private readonly arrivals: number[] = [];
  private readonly acceptedPerSecond = new Map<number, number>();
  private readonly acceptedPerMinute = new Map<number, number>();

  constructor(private readonly clock: SimClock) {}

  /** Records an arrival (called for every create, faulted or not). */
  arrive(): SecondBucket {
    const now = this.clock.now();
    this.arrivals.push(now);
    const second = Math.floor(now / 1000);
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

  histogram(): { perSecond: SecondBucket[]; maxPerSecond: number; maxInAnySecond: number; total: number } {
    const perSecond = [...this.buckets.values()].sort((a, b) => a.second - b.second).map((b) => ({ ...b }));
    return {
      perSecond,
      maxPerSecond: perSecond.reduce((max, b) => Math.max(max, b.calls), 0),
      maxInAnySecond: maxInWindow(this.arrivals, 1000),
      total: perSecond.reduce((sum, b) => sum + b.calls, 0),
    };
  }

  /** The arrival times (simulator ms) of every create call since the last reset. */
  log(): number[] {
    return [...this.arrivals];
  }
}

/**
 * The most arrivals within any `windowMs` span (sliding, not calendar seconds): a client that
 * sends 30 at x.9 s and 30 at (x+1).1 s stays under 50 per calendar second but not here.
 */
export function maxInWindow(sortedTimes: number[], windowMs: number): number {
  let max = 0;
  let start = 0;
  for (let end = 0; end < sortedTimes.length; end += 1) {
    while ((sortedTimes[end] ?? 0) - (sortedTimes[start] ?? 0) >= windowMs) start += 1;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
