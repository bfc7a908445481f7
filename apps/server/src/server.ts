import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '@kequn/wecom';
import { join } from 'node:path';
import {
  createSimulator,
  DEMO_CALLBACK_ENCODING_AES_KEY,
  DEMO_CALLBACK_TOKEN,
  DEMO_CORP,
  DEMO_POOL_CHAT_IDS,
  demoPoolSeed,
  type Simulator,
} from '@kequn/wecom-sim';
import { createFeishuSimulator, DEMO_FEISHU } from '@kequn/feishu-sim';
import { createRequestListener } from './app';
import { toOrigin, type Config, type WecomAppConfig } from './config';
import { openDatabase, type Database } from './db/database';
import { Metrics } from './health/metrics';
import { seedDemoOrders } from './demo/demo-orders';
import { createProduct, type Product } from './product';
import { connectRedis, createWecomRuntime, redisReady, type WecomRuntime } from './adapters/wecom/runtime';

export interface RunningServer {
  url: string;
  publicUrl: string;
  mode: 'demo' | 'wecom';
  server: Server;
  wecom: WecomRuntime;
  database: Database;
  product: Product;
  close(): Promise<void>;
}

export interface StartOptions {
  /** The H5 build to serve (tests point this at a fixture). */
  h5DistDir?: string;
}

const REFRESH_CHECK_MS = 30_000;
const REDIS_CONNECT_WAIT_MS = 2_000;

/**
 * Listens first, then builds the app: in demo mode the WeCom client talks to the simulator on our
 * own port, which is only known once listening (PORT=0 in tests).
 */
export async function startServer(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
  options: StartOptions = {},
): Promise<RunningServer> {
  const server = createServer();
  // Until the app is built (database, simulator), answer 503 rather than leaving requests hanging.
  let handle: RequestListener = answerStarting;
  server.on('request', (req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  let database: Database;
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      schema: config.databaseSchema,
    });
  } catch (err) {
    await new Promise((resolve) => server.close(resolve));
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const publicUrl = config.publicUrl ?? `http://localhost:${port}`;
  const signableOrigins = [...new Set([toOrigin(publicUrl) as string, ...config.trustedOrigins])];
  const mode = config.wecom ? 'wecom' : 'demo';
  const demo = mode === 'demo' ? await demoSimulator(url, signableOrigins, config.dataDir) : undefined;
  const simulator = demo?.router;
  const wecomApp: WecomAppConfig = config.wecom ?? {
    corpId: DEMO_CORP.corpId,
    agentId: DEMO_CORP.agentId,
    secret: DEMO_CORP.secret,
    apiBase: url,
    // The browser is sent here to sign in: the simulator's authorize page on our public URL.
    oauthBase: publicUrl,
    timeoutMs: 5_000,
  };
  const metrics = new Metrics();
  const redis = config.redisUrl ? connectRedis(config.redisUrl, logger) : null;
  if (redis && !(await redisReady(redis, REDIS_CONNECT_WAIT_MS))) {
    logger.warn({}, 'redis not reachable at start; serving from the process cache until it is');
  }
  const wecom = createWecomRuntime({ app: wecomApp, redis, clock, logger, metrics });
  // Demo mode plays Feishu too (unless a real Feishu app is configured): its simulator on our port.
  const feishuApp =
    config.feishu ??
    (mode === 'demo'
      ? {
          appId: DEMO_FEISHU.appId,
          appSecret: DEMO_FEISHU.appSecret,
          encryptKey: DEMO_FEISHU.encryptKey,
          verificationToken: DEMO_FEISHU.verificationToken,
          apiBase: url,
        }
      : null);
  const product = createProduct({
    config: { ...config, feishu: feishuApp },
    mode,
    db: database.db,
    wecom,
    redis,
    clock,
    logger,
    publicUrl,
    oauthBase: wecomApp.oauthBase,
    signableOrigins,
    metrics,
  });
  const listener = createRequestListener({
    logger,
    clock,
    metrics,
    wecom,
    mode,
    signableOrigins,
    simulator,
    product,
    https: publicUrl.startsWith('https://'),
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    domainVerifyFiles: config.domainVerifyFiles,
    ...(options.h5DistDir ? { h5DistDir: options.h5DistDir } : {}),
  });
  if (mode === 'demo') await seedDemoOrders(database.db, clock);
  handle = listener;
  product.start();
  if (mode === 'demo') void registerDemoPool(product, logger);
  const refreshTimer = setInterval(() => wecom.credentials.refreshIfDue(), REFRESH_CHECK_MS).unref();
  void reportUpstream(wecom, logger);
  return {
    url,
    publicUrl,
    mode,
    server,
    wecom,
    database,
    product,
    async close() {
      clearInterval(refreshTimer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await product.stop();
      demo?.simulator.state.flushPersisted();
      await wecom.close();
      await database.close();
    },
  };
}

/**
 * The simulator plays WeCom inside our app: its API, OAuth page and bridge script, and it pushes
 * callbacks (encrypted with the demo credentials) to our own /callbacks/wecom. Its corp has the
 * shell-group pool and is kept in DATA_DIR, so groups made in the demo survive a restart.
 */
async function demoSimulator(
  url: string,
  trustedOrigins: string[],
  dataDir: string,
): Promise<{ router: Router; simulator: Simulator }> {
  const simulator = createSimulator({
    trustedOrigins,
    seed: demoPoolSeed(),
    persistFile: join(dataDir, 'wecom-sim.json'),
    callback: {
      url: `${url}/callbacks/wecom`,
      token: DEMO_CALLBACK_TOKEN,
      encodingAesKey: DEMO_CALLBACK_ENCODING_AES_KEY,
    },
  });
  // Loaded only in demo mode: it bundles the bridge with esbuild on first request.
  const { bridgeRouter } = await import('@kequn/wecom-sim/bridge');
  const feishu = createFeishuSimulator({
    settings: { eventUrl: `${url}/callbacks/feishu`, encryptKey: DEMO_FEISHU.encryptKey },
  });
  const router = express.Router();
  router.use(bridgeRouter());
  router.use(simulator.app);
  router.use(feishu.app);
  return { router, simulator };
}

/** Demo mode: the simulator's empty service groups make the join-QR pool (groups taken stay taken). */
async function registerDemoPool(product: Product, logger: Logger): Promise<void> {
  try {
    const results = await product.joinQr.service.register(DEMO_POOL_CHAT_IDS, 'demo');
    const refused = results.filter((r) => !r.registered);
    logger.info({ registered: results.length - refused.length, refused: refused.length }, 'demo pool registered');
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'demo pool not registered');
  }
}

/** An outage or a wrong secret must not stop a start: warm up in the background and say what is wrong. */
async function reportUpstream(wecom: WecomRuntime, logger: Logger): Promise<void> {
  await wecom.credentials.warm();
  const failed = wecom.credentials.status().filter((c) => c.lastError);
  if (failed.length === 0) logger.info({}, 'WeCom tickets ready');
  else
    logger.error({ errors: failed.map((c) => ({ kind: c.kind, code: c.lastError })) }, 'WeCom not ready; see /readyz');
}

const answerStarting: RequestListener = (_req, res) => {
  res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' });
  res.end(JSON.stringify({ error: { code: 'starting', message: 'The server is starting; retry in a moment.' } }));
};
