import type { SimClock } from '../clock';

/**
 * Calls allowed per key within a rolling window. WeCom documents hourly limits but not
 * whether the hour is rolling or aligned to the clock (UNCONFIRMED); rolling is stricter.
 */
export class WindowQuota {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly clock: SimClock,
    private readonly limit: number,
    private readonly windowMs: number = 3_600_000,
  ) {}

  /** Records one call if the key still has room; returns false when the limit is reached. */
  tryConsume(key: string): boolean {
    const now = this.clock.now();
    const recent = (this.calls.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.calls.set(key, recent);
      return false;
    }
    recent.push(now);
    this.calls.set(key, recent);
    return true;
  }

  used(key: string): number {
    const now = this.clock.now();
    return (this.calls.get(key) ?? []).filter((t) => t > now - this.windowMs).length;
  }
}
