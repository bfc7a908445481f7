import type { RequestListener } from 'node:http';
import cookieParser from 'cookie-parser';
import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import type { Clock } from '@kequn/wecom';
import { securityHeaderValues, securityHeaders } from './h5/csp';
import { domainVerifyRoutes } from './h5/domain-verify';
import { h5Routes } from './h5/h5-routes';
import { healthRoutes } from './health/routes';
import type { Metrics } from './health/metrics';
import { errorHandler, notFound } from './http/error-handler';
import { compileTrust, HSTS_HEADER } from './http/https';
import { refuseControlCharactersInUrl } from './http/json-body';
import { requestLogger } from './http/logger';
import { requestId } from './http/request-id';
import type { TrustProxy } from './config';
import type { Product } from './product';
import { PageSigner } from './signing/page-signer';
import { signerLane } from './signing/fast-lane';
import { callbackLane } from './adapters/wecom/callback-lane';
import type { WecomRuntime } from './adapters/wecom/runtime';

export interface AppDeps {
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  wecom: WecomRuntime;
  mode: 'demo' | 'wecom';
  signableOrigins: readonly string[];
  /** Demo mode mounts the simulator (WeCom API, OAuth page, bridge) in front of our routes. */
  simulator?: Router | Express;
  /** Orders, sessions, groups, callbacks (see product.ts); absent, the app only signs pages. */
  product?: Pick<Product, 'routers'> & Partial<Pick<Product, 'pagePreload' | 'wecomPushes'>>;
  /** The H5 build to serve (default apps/h5/dist). */
  h5DistDir?: string;
  /** PUBLIC_URL is https: browsers are told to upgrade any http sub-resource. */
  https?: boolean;
  /** TRUST_PROXY: which proxies' X-Forwarded-* headers to believe (default: none). */
  trustProxy?: TrustProxy;
  /** METRICS_TOKEN: bearer token of /metrics and of /readyz's details. */
  metricsToken?: string | null;
  /** WECOM_DOMAIN_VERIFY: WeCom's domain verification files, served at the root. */
  domainVerifyFiles?: Readonly<Record<string, string>>;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // API answers are no-store; hashing every body for an ETag is work nobody uses (static files keep theirs).
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(deps.metrics.httpTimer());
  app.use(requestId());
  app.use(requestLogger(deps.logger));
  if (deps.simulator) app.use(deps.simulator);
  app.use(securityHeaders({ https: deps.https ?? false }));
  app.use((req, res, next) => {
    if (req.secure) res.setHeader(...HSTS_HEADER);
    next();
  });
  app.use(refuseControlCharactersInUrl);
  app.use(cookieParser());
  app.use(
    healthRoutes({ wecom: deps.wecom, metrics: deps.metrics, mode: deps.mode, token: deps.metricsToken ?? null }),
  );
  app.use(domainVerifyRoutes(deps.domainVerifyFiles ?? {}));
  for (const router of deps.product?.routers ?? []) app.use(router);
  app.use(
    h5Routes({
      injectBridge: deps.simulator !== undefined,
      ...(deps.h5DistDir ? { distDir: deps.h5DistDir } : {}),
      ...(deps.product?.pagePreload ? { preload: deps.product.pagePreload } : {}),
    }),
  );
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}

/** What the HTTP server runs: the signer's and the callbacks' lanes, Express for the rest. */
export function createRequestListener(deps: AppDeps): RequestListener {
  const app = createApp(deps);
  const laneDeps = {
    headers: securityHeaderValues({ https: deps.https ?? false }),
    trust: compileTrust(deps.trustProxy ?? false),
    metrics: deps.metrics,
    logger: deps.logger,
  };
  const signer = signerLane({
    signer: new PageSigner(deps.wecom.credentials, deps.clock),
    signableOrigins: deps.signableOrigins,
    ...laneDeps,
  });
  // WeCom's pushes too: a join-QR burst is hundreds a second, each waiting for its answer.
  const pushes = deps.product?.wecomPushes;
  const callbacks = pushes ? callbackLane({ receive: pushes, ...laneDeps }) : () => false;
  return (req, res) => {
    if (!signer(req, res) && !callbacks(req, res)) app(req, res);
  };
}
