import express, { Router } from 'express';
import type { Redis } from 'ioredis';
import { createFeishuClient, isFeishuError, verifyFeishuEvent, type FeishuClient } from '@kequn/feishu';
import { MemoryStore, RedisStore, ResilientStore, type Clock, type Logger } from '@kequn/upstream';
import type { FeishuAppConfig } from '../../config';
import type { CallbackInbox } from '../../groups/inbox';
import { ApiError } from '../../http/api-error';
import { toPlatformEvent } from './events';

/** Feishu/Lark as the core sees it: the client (tenant token shared through Redis) and its event URL. */
export interface FeishuPlatform {
  id: 'feishu';
  client: FeishuClient;
  appId: string;
  isPermanent(err: unknown): boolean;
  callbackRouter(inbox: CallbackInbox): Router;
}

export function createFeishuPlatform(deps: {
  config: FeishuAppConfig;
  redis: Redis | null;
  clock: Clock;
  logger: Logger;
}): FeishuPlatform {
  const { config, clock, logger } = deps;
  const local = new MemoryStore(clock);
  const store = deps.redis ? new ResilientStore(new RedisStore(deps.redis), local, logger) : local;
  const client = createFeishuClient({
    appId: config.appId,
    appSecret: config.appSecret,
    domain: config.apiBase,
    store,
    clock,
    logger,
  });
  if (!config.encryptKey) logger.warn({}, 'FEISHU_ENCRYPT_KEY not set: Feishu events are checked by token only');
  return {
    id: 'feishu',
    client,
    appId: config.appId,
    isPermanent: (err) => isFeishuError(err) && err.kind === 'input',
    callbackRouter: (inbox) => feishuCallbackRoutes(config, clock, inbox),
  };
}

/**
 * The app's event URL [platform-facts §11, §14]: the raw body is verified (signature, decryption,
 * token) by us, not the SDK's dispatcher; a URL verification is answered with its challenge; an
 * event is stored (de-duplicated on its id) before the 200, well within Feishu's 3 s.
 */
function feishuCallbackRoutes(config: FeishuAppConfig, clock: Clock, inbox: CallbackInbox): Router {
  const router = Router();
  router.post('/callbacks/feishu', express.text({ type: () => true, limit: '256kb' }), async (req, res) => {
    const rawBody = typeof req.body === 'string' ? req.body : '';
    const verified = verifyFeishuEvent({
      rawBody,
      headers: req.headers,
      encryptKey: config.encryptKey,
      verificationToken: config.verificationToken,
      now: clock.now(),
    });
    if (!verified.ok) {
      const status = verified.reason === 'malformed' || verified.reason === 'undecryptable' ? 400 : 401;
      throw new ApiError(status, `feishu_event_${verified.reason}`, `The event was refused: ${verified.detail}.`);
    }
    if (verified.kind === 'challenge') return void res.json({ challenge: verified.challenge });
    const event = toPlatformEvent(verified.event);
    if (event) await inbox.receive(event);
    res.json({});
  });
  return router;
}
