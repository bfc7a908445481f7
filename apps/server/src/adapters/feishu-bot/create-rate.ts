import type { Clock } from '@kequn/upstream';

/** Feishu allows 50 chat creations a second per app [platform-facts §10]; we stay under it. */
const PER_SECOND = 45;

/** A sliding one-second window of this process's create calls: `take` waits for room. */
export class CreateRate {
  private readonly recent: number[] = [];

  constructor(private readonly clock: Clock) {}

  async take(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.recent.length > 0 && now - (this.recent[0] ?? 0) >= 1_000) this.recent.shift();
      if (this.recent.length < PER_SECOND) {
        this.recent.push(now);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000 - (now - (this.recent[0] ?? now)) + 5));
    }
  }
}
