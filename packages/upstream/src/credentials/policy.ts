export interface CachePolicy {
  /** Taken off the platform's lifetime (expires_in, expire), so a value is never used in its last moments. */
  safetyMarginMs: number;
  /** How long before our own expiry a background refresh starts, while the value is still served. */
  refreshAheadMs: number;
  /** Cross-instance lease on a refresh; expires on its own if the holder dies. */
  leaseMs: number;
  /**
   * How long a cold caller waits for another instance's refresh before fetching itself: a dead
   * holder's lease lapses (leaseMs), then whoever takes it over needs time to fetch. Stays under
   * the page's 15 s request timeout.
   */
  leaseWaitMs: number;
  pollMs: number;
  /** Floor for a cached value's life, so a same-value answer near expiry cannot cause a fetch loop. */
  minTtlMs: number;
  /** After a configuration or quota error, cold callers fail at once for this long (no retry storm). */
  failureHoldMs: number;
  /** Gap between background refresh attempts that did not produce a newer value. */
  refreshRetryMs: number;
}

export const DEFAULT_CACHE_POLICY: CachePolicy = {
  safetyMarginMs: 5 * 60_000,
  refreshAheadMs: 10 * 60_000,
  leaseMs: 8_000,
  leaseWaitMs: 12_000,
  pollMs: 50,
  minTtlMs: 60_000,
  failureHoldMs: 30_000,
  refreshRetryMs: 30_000,
};
