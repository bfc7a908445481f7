import { buildCallbackPush, type CallbackTarget } from './push';

export interface DeliveryRecord {
  id: number;
  url: string;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  attempts: number;
  lastError?: string;
  message: string;
}

export interface DispatcherOptions {
  /** Delays before each retry; WeCom retries unanswered pushes a few times. */
  retryDelaysMs?: number[];
  timeoutMs?: number;
}

interface PushContext {
  corpId: string;
  agentId: string;
  target: CallbackTarget;
  timestamp: number;
}

const KEEP_RECORDS = 200;

/**
 * Fire-and-forget delivery: `send` returns at once; failures (non-2xx, timeout, network)
 * are retried with backoff. `idle()` lets tests wait until everything settled.
 */
export class CallbackDispatcher {
  readonly records: DeliveryRecord[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sleepers = new Set<() => void>();
  private generation = 0;
  private nextId = 1;
  private readonly retryDelaysMs: number[];
  private readonly timeoutMs: number;

  constructor(options: DispatcherOptions = {}) {
    this.retryDelaysMs = options.retryDelaysMs ?? [1000, 3000, 9000];
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  send(context: PushContext, message: string): DeliveryRecord {
    const record: DeliveryRecord = {
      id: this.nextId++,
      url: context.target.url,
      status: 'pending',
      attempts: 0,
      message,
    };
    this.records.push(record);
    if (this.records.length > KEEP_RECORDS) this.records.shift();
    const task = this.deliver(context, message, record, this.generation).finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
    return record;
  }

  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops pending retries (used on reset). */
  cancelAll(): void {
    this.generation += 1;
    this.records.length = 0;
    for (const wake of [...this.sleepers]) wake();
  }

  private async deliver(
    context: PushContext,
    message: string,
    record: DeliveryRecord,
    generation: number,
  ): Promise<void> {
    for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt += 1) {
      if (attempt > 0) await this.sleep(this.retryDelaysMs[attempt - 1] ?? 0);
      if (generation !== this.generation) {
        record.status = 'cancelled';
        return;
      }
      record.attempts += 1;
      const error = await this.attempt(context, message);
      if (!error) {
        record.status = 'delivered';
        return;
      }
      record.lastError = error;
    }
    record.status = 'failed';
  }

  /** One POST; resolves to an error description or undefined on success. */
  private async attempt(context: PushContext, message: string): Promise<string | undefined> {
    // Each attempt is encrypted and signed afresh; receivers must de-duplicate anyway.
    const { corpId, agentId, target, timestamp } = context;
    const push = buildCallbackPush({ ...target, corpId, agentId, timestamp, message });
    try {
      const response = await fetch(push.url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: push.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer();
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** A backoff wait that `cancelAll` can cut short, so closing never waits for retries. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
