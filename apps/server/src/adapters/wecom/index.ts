import type { Router } from 'express';
import { isWecomError, type Logger } from '@kequn/wecom';
import { DEMO_CALLBACK_ENCODING_AES_KEY, DEMO_CALLBACK_TOKEN } from '@kequn/wecom-sim';
import type { CallbackConfig } from '../../config';
import type { WecomAccess } from '../../customers/wecom-contacts';
import type { CallbackInbox } from '../../groups/inbox';
import type { GroupReader, PlatformEvent } from '../../groups/ports';
import { CallbackCrypto } from './callback-crypto';
import type { PushReceiver } from './callback-lane';
import { callbackRoutes, receivePush } from './callback-routes';
import { legacyWecomEvent } from './events';
import { wecomGroupReader } from './group-reader';

/** WeCom as the core sees it: how to read a group and its callback URL (its routes: product.ts). */
export interface WecomPlatform {
  id: 'wecom';
  reader: GroupReader;
  /** WeCom refusing an event's own values: retrying cannot help. */
  isPermanent(err: unknown): boolean;
  legacyEvent(event: string, fields: Record<string, string>): PlatformEvent | null;
  /** GET /callbacks/wecom, WeCom's URL check (the POSTs go through pushReceiver). */
  callbackRouter(): Router;
  /** POSTed events for the callback lane (answered ahead of Express; see callback-lane.ts). */
  pushReceiver(inbox: CallbackInbox): PushReceiver;
}

export function createWecomPlatform(deps: {
  wecom: WecomAccess;
  logger: Logger;
  mode: 'demo' | 'wecom';
  /** The app's callback Token and EncodingAESKey (demo mode: the simulator's). */
  callback: CallbackConfig | null;
}): WecomPlatform {
  const corpId = deps.wecom.credentials.app.corpId;
  const callback =
    deps.mode === 'demo'
      ? { token: DEMO_CALLBACK_TOKEN, encodingAesKey: DEMO_CALLBACK_ENCODING_AES_KEY }
      : deps.callback;
  if (!callback) {
    deps.logger.warn({}, 'WECOM_CALLBACK_TOKEN/AES_KEY not set: groups are confirmed by the reconcile only');
  }
  const crypto = callback ? new CallbackCrypto(callback.token, callback.encodingAesKey, corpId) : null;
  return {
    id: 'wecom',
    reader: wecomGroupReader(deps.wecom),
    isPermanent: (err) => isWecomError(err) && err.kind === 'input',
    legacyEvent: legacyWecomEvent,
    callbackRouter: () => callbackRoutes(crypto),
    pushReceiver: (inbox) => (query, body) => receivePush(crypto, inbox, query, body),
  };
}
