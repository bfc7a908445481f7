import { Router } from 'express';
import type { WecomRuntime } from '../wecom/wecom-runtime';
import type { Metrics } from './metrics';

/** Liveness, readiness and metrics. Readiness never blocks long: warm() is single-flight and held on failure. */
export function healthRoutes(wecom: WecomRuntime, metrics: Metrics, mode: 'demo' | 'wecom'): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    await wecom.credentials.warm();
    const credentials = wecom.credentials.status();
    const upstreamReady = credentials.filter((c) => c.kind !== 'token').every((c) => c.cached);
    const sharedCache = wecom.sharedCacheState() ?? 'not_configured';
    res.status(upstreamReady ? 200 : 503).json({
      status: upstreamReady ? 'ready' : 'not_ready',
      mode,
      config: 'valid',
      wecom: upstreamReady ? 'ready' : 'unavailable',
      credentials,
      sharedCache,
    });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
