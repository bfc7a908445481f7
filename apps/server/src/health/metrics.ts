import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { HOURLY_QUOTA, type CredentialKind, type LookupResult, type WecomCredentials } from '@kequn/wecom';

interface PoolCounts {
  free: number;
  assigned: number;
  nearQrCap: number;
  qrFull: number;
}

export interface PoolFigures extends PoolCounts {
  lowWater: number;
  owners: Array<PoolCounts & { owner: string }>;
}

/** Prometheus metrics of one server instance; one registry per app so tests can build many. */
export class Metrics {
  readonly registry = new Registry();
  private readonly httpDuration = new Histogram({
    name: 'kequn_http_request_duration_seconds',
    help: 'HTTP request latency by route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });
  private readonly upstreamCalls = new Counter({
    name: 'kequn_wecom_upstream_calls_total',
    help: 'Calls to the WeCom API by API and result (ok, errcode or transport).',
    labelNames: ['api', 'result'],
    registers: [this.registry],
  });
  private readonly upstreamDuration = new Histogram({
    name: 'kequn_wecom_upstream_call_duration_seconds',
    help: 'WeCom API call latency by API.',
    labelNames: ['api'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly lookups = new Counter({
    name: 'kequn_wecom_credential_lookups_total',
    help: 'Token and ticket lookups: hit (process copy), shared (from the shared cache), fetched (from WeCom).',
    labelNames: ['kind', 'result'],
    registers: [this.registry],
  });

  private readonly poolGroups = new Gauge({
    name: 'kequn_pool_groups',
    help: 'Shell groups of the join-QR pool by owner ("all": the whole pool) and status (free, assigned, near_qr_cap, qr_full).',
    labelNames: ['owner', 'status'],
    registers: [this.registry],
  });
  private readonly poolLowWater = new Gauge({
    name: 'kequn_pool_low_water',
    help: 'POOL_LOW_WATER: below this many free shell groups, pool.low is sent.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** The join-QR pool's figures, as last counted by this instance. */
  readonly recordPool = (pool: PoolFigures): void => {
    this.poolGroups.reset();
    this.poolLowWater.set(pool.lowWater);
    for (const row of [{ owner: 'all', ...pool }, ...pool.owners]) {
      this.poolGroups.set({ owner: row.owner, status: 'free' }, row.free);
      this.poolGroups.set({ owner: row.owner, status: 'assigned' }, row.assigned);
      this.poolGroups.set({ owner: row.owner, status: 'near_qr_cap' }, row.nearQrCap);
      this.poolGroups.set({ owner: row.owner, status: 'qr_full' }, row.qrFull);
    }
  };

  readonly recordUpstreamCall = (api: string, result: string, durationMs: number): void => {
    this.upstreamCalls.inc({ api, result });
    this.upstreamDuration.observe({ api }, durationMs / 1000);
  };

  readonly recordLookup = (kind: CredentialKind, result: LookupResult): void => {
    this.lookups.inc({ kind, result });
  };

  /** Quota use and shared-cache state are read when Prometheus scrapes. */
  watchCredentials(credentials: WecomCredentials, sharedCacheUp: () => number | null): void {
    new Gauge({
      name: 'kequn_wecom_fetches_this_hour',
      help: 'Upstream token/ticket fetches in the current hour by this app and by the corp, all instances (as last seen by this one).',
      labelNames: ['kind', 'scope'],
      registers: [this.registry],
      collect() {
        for (const [scope, counts] of Object.entries(credentials.quota.snapshot())) {
          for (const [kind, count] of Object.entries(counts)) this.set({ kind, scope }, count);
        }
      },
    });
    new Gauge({
      name: 'kequn_wecom_hourly_quota',
      help: 'Documented hourly ticket limits: 100 per app, 400 per corp.',
      labelNames: ['kind', 'scope'],
      registers: [this.registry],
      collect() {
        for (const [scope, limits] of Object.entries(HOURLY_QUOTA)) {
          for (const [kind, limit] of Object.entries(limits)) this.set({ kind, scope }, limit);
        }
      },
    });
    new Gauge({
      name: 'kequn_shared_cache_up',
      help: '1 when the shared cache (Redis) answers, 0 when down; absent without REDIS_URL.',
      registers: [this.registry],
      collect() {
        const up = sharedCacheUp();
        if (up !== null) this.set(up);
      },
    });
  }

  // Label sets are few (method × route × status); binding each once spares prom-client a label
  // hash on every request of the hot path.
  private readonly httpSeries = new Map<string, ReturnType<Histogram['labels']>>();

  /** One answered request; `started` from process.hrtime.bigint(). */
  observeHttp(method: string, route: string, status: number, started: bigint): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const key = `${method} ${route} ${status}`;
    let series = this.httpSeries.get(key);
    if (!series) {
      series = this.httpDuration.labels({ method, route, status: String(status) });
      this.httpSeries.set(key, series);
    }
    series.observe(seconds);
  }

  httpTimer(): RequestHandler {
    return (req, res, next) => {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        this.observeHttp(req.method, route, res.statusCode, started);
      });
      next();
    };
  }
}
