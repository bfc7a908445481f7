import express from 'express';
import { appFromToken, requireCustomerContact } from '../credentials/access';
import { bodyOf, cgi } from '../http/cgi';
import { optString, stringList } from '../http/fields';
import { WecomError } from '../http/wecom-errors';
import type { SimState } from '../state';
import type { TransferKind } from './model';
import { chinaDay, transferProblem, transfersToOnDay, type FailedChat } from './transfer';

/** At most 100 chats per call ("取值范围：1 ~ 100"). */
const MAX_CHATS = 100;

/**
 * Group handover [platform-facts §15]: `groupchat/transfer` for groups of resigned owners
 * (离职继承), `groupchat/onjob_transfer` for owners still employed (在职继承). Both answer
 * errcode 0 with the chats that failed in `failed_chat_list`; the rest change owner at once
 * (WeCom may take a while; the simulator does not) and, being API actions, emit no callback.
 */
export function transferRoutes(state: SimState): express.Router {
  const router = express.Router();
  const prefix = '/externalcontact/groupchat';
  router.post(
    `${prefix}/transfer`,
    cgi((req) => handover(state, req, 'resigned')),
  );
  router.post(
    `${prefix}/onjob_transfer`,
    cgi((req) => handover(state, req, 'onjob')),
  );
  return router;
}

function handover(state: SimState, req: express.Request, kind: TransferKind): Record<string, unknown> {
  appFromToken(state, req);
  requireCustomerContact(state);
  const body = bodyOf(req);
  const chatIds = stringList(body, 'chat_id_list', MAX_CHATS);
  if (!chatIds?.length) throw new WecomError(40058, 'chat_id_list must hold 1 to 100 chat ids');
  const newOwner = optString(body, 'new_owner');
  if (!newOwner) throw new WecomError(40058, 'new_owner required');
  // A resigned member is gone from the directory for WeCom, like an unknown one
  // (46004 "指定的用户不存在"; UNCONFIRMED which code this API uses).
  if (!state.directory.activeStaff(newOwner)) throw new WecomError(46004, `new_owner ${newOwner}`);

  const nowMs = state.clock.now();
  let transferredToday = transfersToOnDay(state.groups.list(), newOwner, chinaDay(nowMs));
  const failed: FailedChat[] = [];
  for (const chatId of chatIds) {
    const problem =
      state.transferFaults.take(chatId) ??
      transferProblem(state.groups.get(chatId), chatId, {
        kind,
        newOwner,
        nowMs,
        directory: state.directory,
        transferredToday,
      });
    if (problem) {
      failed.push(problem);
      continue;
    }
    state.groups.transferOwner(chatId, newOwner, kind);
    transferredToday += 1;
  }
  return { failed_chat_list: failed };
}
