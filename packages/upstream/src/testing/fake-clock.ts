import type { Clock, Sleep } from '../runtime/types';

export interface FakeClock extends Clock {
  advance(ms: number): void;
  /** Sleeping moves the fake time forward, so waits in tests take no real time. */
  sleep: Sleep;
}

export function createFakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms) {
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
