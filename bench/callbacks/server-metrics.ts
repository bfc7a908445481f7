export const METRICS_TOKEN = 'bench-callbacks-metrics-0123456789';

export interface ServerSide {
  /** Callback POSTs the running server process answered 200 (since it started). */
  answered: number;
  /** Share of them it handled within 50 ms, by its own clock (request in → answer out). */
  within50: number;
  /** The histogram buckets holding the 50th and 99th percentiles: "p50 ≤ this" (ms). */
  p50AtMostMs: number | null;
  p99AtMostMs: number | null;
}

const SERIES = /^kequn_http_request_duration_seconds_bucket\{([^}]*)\} (\d+(?:\.\d+)?)$/;

/**
 * The server's own view of the same pushes, from its Prometheus histogram: it excludes the time a
 * push spends reaching it, so a slow ack it did not cause (a busy machine) shows up as a gap.
 */
export async function serverSide(baseUrl: string): Promise<ServerSide> {
  const res = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const buckets: Array<{ le: number; count: number }> = [];
  for (const line of (await res.text()).split('\n')) {
    const match = SERIES.exec(line);
    if (!match) continue;
    const labels = match[1] ?? '';
    if (!labels.includes('method="POST"') || !labels.includes('route="/callbacks/wecom"')) continue;
    if (!labels.includes('status="200"')) continue;
    const le = /le="([^"]+)"/.exec(labels)?.[1] ?? '';
    buckets.push({ le: le === '+Inf' ? Infinity : Number(le) * 1000, count: Number(match[2]) });
  }
  buckets.sort((a, b) => a.le - b.le);
  const answered = buckets.at(-1)?.count ?? 0;
  const at50 = buckets.find((b) => b.le === 50)?.count ?? 0;
  const bucketOf = (q: number) => (answered ? (buckets.find((b) => b.count >= q * answered)?.le ?? null) : null);
  return {
    answered,
    within50: answered ? at50 / answered : 0,
    p50AtMostMs: bucketOf(0.5),
    p99AtMostMs: bucketOf(0.99),
  };
}
