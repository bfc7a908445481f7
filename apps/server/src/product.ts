import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Clock, Logger } from '@kequn/wecom';
import { authRoutes } from './auth/oauth-routes';
import { signInLimiter } from './auth/rate-limit';
import { Sessions } from './auth/sessions';
import { createWecomPlatform } from './adapters/wecom';
import type { PushReceiver } from './adapters/wecom/callback-lane';
import { wecomOwnerTransfer } from './adapters/wecom/owner-transfer';
import { jssdkRoute } from './adapters/wecom-jssdk/window-claim';
import { createFeishuPlatform } from './adapters/feishu';
import { feishuOwnerTransfer } from './adapters/feishu/owner-transfer';
import { createFeishuBotRoute } from './adapters/feishu-bot';
import { handoverRoutes } from './handover/handover-routes';
import { HandoverService } from './handover/handover-service';
import { createJoinQr, type JoinQr } from './adapters/wecom-join-qr';
import type { Metrics } from './health/metrics';
import { CallbackInbox } from './groups/inbox';
import { consoleRoutes } from './console/routes';
import type { Config } from './config';
import { FallbackContactCache, MemoryContactCache, RedisContactCache } from './customers/contact-cache';
import { CustomerFinder } from './customers/customer-finder';
import type { LeasedWorker } from './db/leased-worker';
import type { Db } from './db/schema';
import { GroupService } from './groups/group-service';
import { GroupSync } from './groups/group-sync';
import { Reconciler } from './groups/reconcile';
import { JOIN_QR_OPERATIONS } from './adapters/wecom-join-qr/api-doc';
import { openApiRoutes } from './openapi/routes';
import { businessRoutes } from './orders/business-routes';
import { staffRoutes } from './orders/staff-routes';
import { createPreloadSource, type PreloadSource } from './h5/page-preload';
import { PageSigner } from './signing/page-signer';
import { createWebhookDeliverer } from './webhooks/deliverer';
import { Outbox } from './webhooks/events';
import type { WecomRuntime } from './adapters/wecom/runtime';

/** How long a staff member's customer list is reused when no change_external_contact drops it. */
const CONTACT_LIST_TTL_MS = 5 * 60_000;

export interface ProductOptions {
  config: Config;
  mode: 'demo' | 'wecom';
  db: Db;
  wecom: WecomRuntime;
  /** Shares the staff members' customer lists across instances; null keeps them per process. */
  redis: Redis | null;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
  /** Where the staff's browser is sent to sign in: WeCom, or our own URL in demo mode. */
  oauthBase: string;
  signableOrigins: readonly string[];
  /** The pool gauge is kept here when given. */
  metrics?: Metrics;
}

/** Orders, sessions, groups, callbacks and webhooks, wired together; routes plus background work. */
export interface Product {
  routers: Router[];
  /** Set when demo mode generated the business API key (printed once at start). */
  generatedApiKey: string | null;
  inbox: CallbackInbox;
  reconciler: Reconciler;
  deliverer: LeasedWorker<'webhook_outbox'> | null;
  /** The join-QR route: `joinQr.closeJoinWay(orderId)` when an order closes; the pool; the sweep. */
  joinQr: JoinQr;
  /** The first requests' answers for the HTML of /orders/:id (h5/page-preload.ts). */
  pagePreload: PreloadSource;
  /** WeCom's pushes for the callback lane (app.ts answers them ahead of Express). */
  wecomPushes: PushReceiver;
  start(): void;
  stop(): Promise<void>;
}

export function createProduct(o: ProductOptions): Product {
  const { config, db, wecom, clock, logger, mode } = o;
  const corpId = wecom.credentials.app.corpId;
  const generatedApiKey =
    mode === 'demo' && config.apiKeys.length === 0 ? `kq_${randomBytes(24).toString('hex')}` : null;
  const apiKeys = generatedApiKey ? [generatedApiKey] : config.apiKeys;
  if (apiKeys.length === 0) logger.warn({}, 'API_KEYS is not set: the business API refuses every request');

  const outbox = new Outbox(config.webhook !== null);
  const processContacts = new MemoryContactCache(clock, CONTACT_LIST_TTL_MS);
  const contactCache = o.redis
    ? new FallbackContactCache(new RedisContactCache(o.redis, corpId, CONTACT_LIST_TTL_MS), processContacts, logger)
    : processContacts;
  const customers = new CustomerFinder(wecom, contactCache);
  // A creation reported without chatId stays open until the reconcile has looked for its group at
  // least once, so a lost callback does not invite a second group.
  const awaitWindowMs = Math.max(5 * 60_000, config.reconcileIntervalMs + 60_000);
  // One platform and its routes, as a plain list; the core asks them through groups/ports.ts.
  const platform = createWecomPlatform({ wecom, logger, mode, callback: config.callback });
  const sessions = new Sessions({
    // Demo mode only (config requires SESSION_SECRET with a real corp): sessions end with the process.
    secret: config.sessionSecret ?? randomBytes(32).toString('hex'),
    corpId,
    secure: o.publicUrl.startsWith('https://'),
    clock,
    db,
  });
  const joinQr = createJoinQr({
    db,
    clock,
    logger,
    wecom,
    outbox,
    publicUrl: o.publicUrl,
    sharedOwners: config.pool.sharedOwners,
    lowWater: config.pool.lowWater,
    sweepIntervalMs: config.pool.sweepIntervalMs,
    apiKeys,
    sessions,
    allowedOrigins: o.signableOrigins,
    adminUserIds: config.adminUserIds,
    ...(o.metrics ? { onFigures: o.metrics.recordPool } : {}),
  });
  // Feishu/Lark: its bot route when the app is configured (FEISHU_APP_ID …).
  const feishu = config.feishu ? createFeishuPlatform({ config: config.feishu, redis: o.redis, clock, logger }) : null;
  const feishuBot = feishu
    ? createFeishuBotRoute({ db, clock, logger, outbox, platform: feishu, publicUrl: o.publicUrl })
    : null;
  // One owner transfer per platform; the handover picks each group's by its binding's platform.
  const transfers = [wecomOwnerTransfer(wecom), ...(feishu ? [feishuOwnerTransfer(feishu.client)] : [])];
  const handovers = new HandoverService({ db, clock, logger, outbox, transfers });
  const routes = [jssdkRoute({ wecom, outbox, logger, db }), joinQr.route];
  const sync = new GroupSync({ db, clock, outbox, reader: platform.reader, routes, logger });
  const inbox = new CallbackInbox({
    db,
    clock,
    logger,
    sync: () => sync,
    hooks: {
      contactsChanged: (_platform, userId) => customers.invalidate(userId),
      // A staff member deleted from the corp: their sessions end at once, and their groups go to
      // each order's next staff member (群归企业，员工离职不丢客).
      staffLeft: async (platformId, userId) => {
        await sessions.endAll(userId);
        await handovers.start({
          from: userId,
          to: null,
          reason: 'resigned',
          requestedBy: `${platformId}:delete_user`,
          platform: platformId,
        });
      },
      routeEvent: async (event) => (event.platform === 'feishu' && feishuBot ? feishuBot.routeEvent(event) : 'done'),
    },
    isPermanent: (err) => platform.isPermanent(err) || (feishu?.isPermanent(err) ?? false),
    legacy: platform.legacyEvent,
  });
  feishuBot?.attach(inbox);
  const groups = new GroupService({
    db,
    clock,
    outbox,
    awaitWindowMs,
    readChat: (chatId) => platform.reader.read(chatId),
    verifyLater: (chatId) => inbox.verifyLater(platform.id, chatId),
  });
  const reconciler = new Reconciler({
    db,
    clock,
    logger,
    sync,
    routes,
    intervalMs: config.reconcileIntervalMs,
  });
  const deliverer = config.webhook ? createWebhookDeliverer({ db, config: config.webhook, clock, logger }) : null;
  if (deliverer) outbox.onCommitted(() => deliverer.nudge());

  const routers = [
    authRoutes(
      sessions,
      wecom,
      {
        corpId,
        agentId: wecom.credentials.app.agentId,
        oauthBase: o.oauthBase,
        publicUrl: o.publicUrl,
        allowedOrigins: o.signableOrigins,
      },
      { start: signInLimiter(o.redis, 'signin-start'), callback: signInLimiter(o.redis, 'signin-callback') },
    ),
    openApiRoutes(o.publicUrl, JOIN_QR_OPERATIONS),
    businessRoutes({
      db,
      clock,
      publicUrl: o.publicUrl,
      apiKeys,
      sessions,
      onOrderClosed: async (orderId) => void (await joinQr.closeJoinWay(orderId)),
      ...(feishuBot ? { onOrderSaved: feishuBot.orderSaved, orderExtras: feishuBot.orderExtras } : {}),
    }),
    handoverRoutes(handovers, apiKeys),
    consoleRoutes({
      db,
      clock,
      sessions,
      handovers,
      adminUserIds: config.adminUserIds,
      viewerUserIds: config.consoleViewerIds,
      allowedOrigins: o.signableOrigins,
      login: { corpId, agentId: wecom.credentials.app.agentId, publicUrl: o.publicUrl, oauthBase: o.oauthBase },
      nudge: { webhooks: () => deliverer?.nudge(), callbacks: () => inbox.worker.nudge() },
      signInLimiter: signInLimiter(o.redis, 'signin-web-start'),
    }),
    staffRoutes({
      db,
      clock,
      sessions,
      customers,
      groups,
      defaultMembers: config.defaultGroupMembers,
      adminUserIds: config.adminUserIds,
      allowedOrigins: o.signableOrigins,
      sync,
    }),
    ...joinQr.routers,
    ...(feishu && feishuBot ? [feishu.callbackRouter(inbox), ...feishuBot.routers] : []),
    platform.callbackRouter(),
  ];
  const pagePreload = createPreloadSource({
    db,
    clock,
    logger,
    sessions,
    customers,
    signer: new PageSigner(wecom.credentials, clock),
    signableOrigins: o.signableOrigins,
    defaultMembers: config.defaultGroupMembers,
    adminUserIds: config.adminUserIds,
  });
  return {
    routers,
    pagePreload,
    wecomPushes: platform.pushReceiver(inbox),
    generatedApiKey,
    inbox,
    reconciler,
    deliverer,
    joinQr,
    start() {
      inbox.worker.start();
      deliverer?.start();
      reconciler.start();
      joinQr.start();
    },
    async stop() {
      await Promise.all([inbox.worker.stop(), deliverer?.stop(), reconciler.stop(), joinQr.stop()]);
    },
  };
}
