import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import { ApiError } from '../http/api-error';
import type { WecomRuntime } from '../adapters/wecom/runtime';
import type { Metrics } from './metrics';

export interface HealthDeps {
  wecom: WecomRuntime;
  metrics: Metrics;
  mode: 'demo' | 'wecom';
  /** METRICS_TOKEN; without it, metrics and readiness details are served in demo mode only. */
  token: string | null;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Liveness, readiness and metrics. /healthz is open; /readyz answers its status code to anyone
 * (load balancers) but its details, like /metrics, only to the bearer of METRICS_TOKEN.
 * Readiness never blocks long: warm() is single-flight and held on failure.
 */
export function healthRoutes(deps: HealthDeps): Router {
  const { wecom, metrics, mode } = deps;
  const router = Router();
  const expected = deps.token ? digest(deps.token) : null;
  const mayRead = (req: Request): boolean => {
    if (!expected) return mode === 'demo';
    const given = /^Bearer (\S{1,256})$/.exec(req.get('authorization') ?? '')?.[1];
    return given !== undefined && timingSafeEqual(digest(given), expected);
  };

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (req, res) => {
    await wecom.credentials.warm();
    const credentials = wecom.credentials.status();
    const upstreamReady = credentials.filter((c) => c.kind !== 'token').every((c) => c.cached);
    const status = upstreamReady ? 'ready' : 'not_ready';
    res.status(upstreamReady ? 200 : 503).set('Cache-Control', 'no-store');
    if (!mayRead(req)) return void res.json({ status });
    res.json({
      status,
      mode,
      config: 'valid',
      wecom: upstreamReady ? 'ready' : 'unavailable',
      credentials,
      sharedCache: wecom.sharedCacheState() ?? 'not_configured',
    });
  });

  router.get('/metrics', async (req, res) => {
    if (!mayRead(req)) {
      res.set('WWW-Authenticate', 'Bearer');
      throw new ApiError(401, 'metrics_token_required', 'Send Authorization: Bearer <METRICS_TOKEN>.');
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  return router;
}
