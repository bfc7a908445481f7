import type { Logger } from './types';

export type StoreState = 'ok' | 'down';

/** After a failure, how long operations go straight to the fallback before the primary is tried again. */
const RETRY_PRIMARY_MS = 5_000;

/**
 * A shared store (Redis) in front of an in-process one: every operation that fails on the primary
 * runs on the fallback, and the state is logged once per change. While down, operations skip the
 * primary for a few seconds at a time: a Redis that hangs (each command waiting for its timeout)
 * must not make every lookup wait that long.
 */
export class Failover<S> {
  private current: StoreState = 'ok';
  private retryPrimaryAt = 0;

  constructor(
    readonly primary: S,
    readonly fallback: S,
    private readonly describe: { logger: Logger; name: string; now?: () => number },
  ) {}

  get state(): StoreState {
    return this.current;
  }

  async run<T>(op: (store: S) => Promise<T>): Promise<T> {
    const now = this.describe.now ?? Date.now;
    if (this.current === 'down' && now() < this.retryPrimaryAt) return op(this.fallback);
    try {
      const result = await op(this.primary);
      this.setState('ok');
      return result;
    } catch (err) {
      this.retryPrimaryAt = now() + RETRY_PRIMARY_MS;
      this.setState('down', err);
      return op(this.fallback);
    }
  }

  private setState(state: StoreState, err?: unknown): void {
    if (state === this.current) return;
    this.current = state;
    const { logger, name } = this.describe;
    if (state === 'down') {
      const reason = err instanceof Error ? err.message : 'unknown';
      logger.warn({ store: name, reason }, `${name} unreachable; serving from the process cache`);
    } else {
      logger.info({ store: name }, `${name} reachable again`);
    }
  }
}
