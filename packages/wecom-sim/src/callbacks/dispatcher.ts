import { performance } from 'node:perf_hooks';
import { AckMeter, type AckSample } from './ack-meter';
import { postXml } from './post';
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
  /** Delays before each retry; WeCom retries a push it got no answer to, three times. */
  retryDelaysMs?: number[];
  /** WeCom drops the connection when the receiver has not answered within 5 s. */
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
  /** How fast each attempt was answered (GET /__sim/callbacks/acks). */
  readonly acks = new AckMeter();
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

  /** Deliveries not settled yet. */
  get pending(): number {
    return this.inFlight.size;
  }

  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops pending retries (used on reset). */
  cancelAll(): void {
    this.generation += 1;
    this.records.length = 0;
    this.acks.reset();
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
        this.acks.settled({ delivered: true, attempts: record.attempts });
        return;
      }
      record.lastError = error;
    }
    record.status = 'failed';
    this.acks.settled({ delivered: false, attempts: record.attempts });
  }

  /** One POST; resolves to an error description or undefined on success. */
  private async attempt(context: PushContext, message: string): Promise<string | undefined> {
    // Each attempt is encrypted and signed afresh; receivers must de-duplicate anyway.
    const { corpId, agentId, target, timestamp } = context;
    const push = buildCallbackPush({ ...target, corpId, agentId, timestamp, message });
    const started = performance.now();
    const measured = (outcome: AckSample['outcome']) => this.acks.attempt({ ms: performance.now() - started, outcome });
    try {
      const status = await postXml(push.url, push.body, this.timeoutMs);
      const ok = status >= 200 && status < 300;
      measured(ok ? 'ok' : 'http');
      return ok ? undefined : `HTTP ${status}`;
    } catch (error) {
      measured('error');
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
