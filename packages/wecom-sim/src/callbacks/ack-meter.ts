/** One push attempt as the pushing side saw it: how long until the receiver answered, and how. */
export interface AckSample {
  ms: number;
  /** 'ok' a 2xx, 'http' another status, 'error' no answer (refused, reset, timed out). */
  outcome: 'ok' | 'http' | 'error';
}

export interface AckSummary {
  /** Attempts made (first tries and retries). */
  attempts: number;
  /** Attempts the receiver acknowledged with a 2xx; the percentiles are over these. */
  acked: number;
  /** Pushes delivered after more than one attempt. */
  retried: number;
  /** Pushes given up after the last retry: WeCom drops them. */
  failed: number;
  /** Pushes still being delivered (an attempt or a retry wait ahead). */
  pending: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** Enough for any benchmark here; older samples are dropped past it. */
const KEEP_SAMPLES = 100_000;

/**
 * How quickly the receiver acknowledges pushes (the simulator's send → the receiver's answer,
 * encryption excluded), so a benchmark can hold the product to WeCom's 5-second rule with margin.
 */
export class AckMeter {
  private samples: AckSample[] = [];
  private attemptCount = 0;
  private retriedCount = 0;
  private failedCount = 0;

  attempt(sample: AckSample): void {
    this.attemptCount += 1;
    this.samples.push(sample);
    if (this.samples.length > KEEP_SAMPLES) this.samples.shift();
  }

  settled(outcome: { delivered: boolean; attempts: number }): void {
    if (!outcome.delivered) this.failedCount += 1;
    else if (outcome.attempts > 1) this.retriedCount += 1;
  }

  summary(pending: number): AckSummary {
    const acked = this.samples
      .filter((s) => s.outcome === 'ok')
      .map((s) => s.ms)
      .sort((a, b) => a - b);
    const at = (q: number) => (acked.length ? round(acked[Math.ceil(q * acked.length) - 1] ?? 0) : null);
    return {
      attempts: this.attemptCount,
      acked: acked.length,
      retried: this.retriedCount,
      failed: this.failedCount,
      pending,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      maxMs: acked.length ? round(acked.at(-1) ?? 0) : null,
    };
  }

  /** Every sample, oldest first (for a histogram). */
  list(): AckSample[] {
    return this.samples.map((s) => ({ ...s, ms: round(s.ms) }));
  }

  reset(): void {
    this.samples = [];
    this.attemptCount = 0;
    this.retriedCount = 0;
    this.failedCount = 0;
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
