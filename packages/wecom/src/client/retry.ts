import type { Sleep } from '@kequn/upstream';
import { isWecomError } from '../errors/wecom-error';

export interface RetryPolicy {
  /** Extra attempts after the first; WeCom asks for at most 3 on -1. */
  retries: number;
  baseDelayMs: number;
  sleep: Sleep;
  random: () => number;
}

/** Retries only what the catalogue calls transient (-1, 5xx, transport), with full jitter. */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isWecomError(err) || !err.retryable || tries >= policy.retries) throw err;
      const ceiling = policy.baseDelayMs * 2 ** tries;
      await policy.sleep(Math.round(ceiling * (0.5 + policy.random() / 2)));
    }
  }
}
