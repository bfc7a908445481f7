/** Time source for everything that expires (tokens, uuid windows, rate windows). Milliseconds. */
export interface SimClock {
  now(): number;
}

/** A clock the simulator can move forward (`/__feishu-sim/clock/advance`) and put back on reset. */
export interface AdjustableClock extends SimClock {
  advance(ms: number): void;
  offsetMs(): number;
  resetOffset(): void;
}

/** A frozen clock for tests: time moves only when `advance` is called. */
export interface ManualClock extends SimClock {
  advance(ms: number): void;
}

export function createSimClock(start: number = Date.now()): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
  };
}

/**
 * Wraps any clock (real time by default) with an offset, so that the control API can
 * advance time even when the caller gave us a clock without `advance`.
 */
export function withOffset(base: SimClock = { now: () => Date.now() }): AdjustableClock {
  let offset = 0;
  return {
    now: () => base.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
    offsetMs: () => offset,
    resetOffset() {
      offset = 0;
    },
  };
}

export function nowSeconds(clock: SimClock): number {
  return Math.floor(clock.now() / 1000);
}
