import { buildEventPush } from './crypto';
import { eventKey, eventType, type FeishuEvent } from './envelopes';

export interface DeliveryAttempt {
  /** Wall-clock ms when the attempt started. */
  at: number;
  /** HTTP status of the answer, when one came. */
  status?: number;
  error?: string;
  ms: number;
}

export interface DeliveryRecord {
  id: number;
  eventKey: string;
  eventType: string;
  url: string | null;
  encrypted: boolean;
  /** `skipped`: no event URL was configured; the event is still kept for replay. */
  status: 'pending' | 'delivered' | 'failed' | 'cancelled' | 'skipped';
  attempts: DeliveryAttempt[];
  /** Set on a replay: the delivery whose event was pushed again. */
  replayOf?: number;
}

export interface DeliveryOptions {
  /** Delays before each retry (Feishu: 15 s, 5 min, 1 h, 6 h; UNCONFIRMED). Tests shorten them. */
  retryDelaysMs?: number[];
  /** An answer slower than this counts as failed (Feishu waits 3 s [S58]). */
  timeoutMs?: number;
}

export interface PushTarget {
  url: string | null;
  encryptKey: string | null;
}

export interface ProbeResult {
  status?: number;
  /** The receiver's answer body (first 4 KB). */
  body: string;
  ms: number;
  error?: string;
}

const KEEP_RECORDS = 500;
const DEFAULT_RETRY_DELAYS_MS = [15_000, 300_000, 3_600_000, 21_600_000];

/**
 * Pushes events to the app's request URL. `send` returns at once; a push not answered 2xx
 * within the timeout is retried with the same event (same event_id / uuid), re-encrypted and
 * re-signed. `idle()` lets tests wait until everything settled.
 */
export class EventDispatcher {
  readonly records: DeliveryRecord[] = [];
  private readonly events = new Map<string, FeishuEvent>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sleepers = new Set<() => void>();
  private generation = 0;
  private nextId = 1;
  readonly retryDelaysMs: number[];
  readonly timeoutMs: number;

  constructor(options: DeliveryOptions = {}) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.timeoutMs = options.timeoutMs ?? 3000;
  }

  send(event: FeishuEvent, target: PushTarget, replayOf?: number): DeliveryRecord {
    const key = eventKey(event);
    this.events.set(key, event);
    const record: DeliveryRecord = {
      id: this.nextId++,
      eventKey: key,
      eventType: eventType(event),
      url: target.url,
      encrypted: Boolean(target.encryptKey),
      status: target.url ? 'pending' : 'skipped',
      attempts: [],
      ...(replayOf === undefined ? {} : { replayOf }),
    };
    this.keep(record);
    if (target.url) {
      const task = this.deliver(event, { ...target, url: target.url }, record, this.generation).finally(() =>
        this.inFlight.delete(task),
      );
      this.inFlight.add(task);
    }
    return record;
  }

  /** The event as first pushed, by its event_id (v2) or uuid (v1). */
  event(key: string): FeishuEvent | undefined {
    return this.events.get(key);
  }

  /** One POST of a prepared body, answered to the caller (challenges and forged pushes). */
  async probe(url: string, body: string, headers: Record<string, string>): Promise<ProbeResult> {
    const started = Date.now();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = (await response.text()).slice(0, 4096);
      return { status: response.status, body: text, ms: Date.now() - started };
    } catch (error) {
      return { body: '', ms: Date.now() - started, error: describe(error) };
    }
  }

  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops pending retries and forgets everything (reset, close). */
  cancelAll(): void {
    this.generation += 1;
    this.records.length = 0;
    this.events.clear();
    for (const wake of [...this.sleepers]) wake();
  }

  private keep(record: DeliveryRecord): void {
    this.records.push(record);
    if (this.records.length > KEEP_RECORDS) {
      const dropped = this.records.shift();
      if (dropped && !this.records.some((r) => r.eventKey === dropped.eventKey)) this.events.delete(dropped.eventKey);
    }
  }

  private async deliver(
    event: FeishuEvent,
    target: { url: string; encryptKey: string | null },
    record: DeliveryRecord,
    generation: number,
  ): Promise<void> {
    for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt += 1) {
      if (attempt > 0) await this.sleep(this.retryDelaysMs[attempt - 1] ?? 0);
      if (generation !== this.generation) {
        record.status = 'cancelled';
        return;
      }
      const push = buildEventPush({ payload: event, encryptKey: target.encryptKey });
      const result = await this.probe(target.url, push.body, push.headers);
      record.attempts.push({
        at: Date.now() - result.ms,
        ms: result.ms,
        ...(result.status === undefined ? {} : { status: result.status }),
        ...(result.error ? { error: result.error } : {}),
      });
      if (result.status !== undefined && result.status >= 200 && result.status < 300) {
        record.status = 'delivered';
        return;
      }
    }
    record.status = 'failed';
  }

  /** A backoff wait that `cancelAll` cuts short and that never keeps the process alive. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref?.();
      this.sleepers.add(wake);
    });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  return error instanceof Error ? error.message : String(error);
}
