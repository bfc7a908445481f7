import express from 'express';
import { appFromToken, requireCustomerContact } from '../credentials/access';
import { bodyOf, cgi } from '../http/cgi';
import { optBoolean, optInt, optString, stringList } from '../http/fields';
import { simBaseUrl } from '../http/request';
import { WecomError } from '../http/wecom-errors';
import type { SimState } from '../state';
import { joinWayJson } from './format';
import type { JoinWayFields } from './join-ways';
import { requireCustomerGroup } from './routes';

/**
 * Join ways (加入群聊): add/get/update/del [platform-facts §7]. Limits are the documented
 * ones; the errcodes for violating them are UNCONFIRMED, so length/count violations answer
 * 40058 (invalid parameter) and an unknown config_id 41044 (invalid "contact me" config_id,
 * the family join ways share their quota with).
 */
export function joinWayRoutes(state: SimState): express.Router {
  const router = express.Router();
  const prefix = '/externalcontact/groupchat';

  router.post(
    `${prefix}/add_join_way`,
    cgi((req) => {
      const agentId = guard(state, req);
      const way = state.joinWays.add(agentId, joinWayFields(state, bodyOf(req)));
      if (way === 'quota') throw new WecomError(41045);
      return { config_id: way.configId };
    }),
  );

  router.post(
    `${prefix}/get_join_way`,
    cgi((req) => {
      const agentId = guard(state, req);
      const way = state.joinWays.get(agentId, configId(bodyOf(req)));
      if (!way) throw new WecomError(41044);
      return { join_way: joinWayJson(way, simBaseUrl(req)) };
    }),
  );

  router.post(
    `${prefix}/update_join_way`,
    cgi((req) => {
      const agentId = guard(state, req);
      const body = bodyOf(req);
      const id = configId(body);
      if (!state.joinWays.get(agentId, id)) throw new WecomError(41044);
      // Overwrites: omitted fields fall back to their defaults, as on creation.
      state.joinWays.update(agentId, id, joinWayFields(state, body));
      return {};
    }),
  );

  router.post(
    `${prefix}/del_join_way`,
    cgi((req) => {
      const agentId = guard(state, req);
      if (!state.joinWays.delete(agentId, configId(bodyOf(req)))) throw new WecomError(41044);
      return {};
    }),
  );
  return router;
}

function guard(state: SimState, req: express.Request): string {
  const app = appFromToken(state, req);
  requireCustomerContact(state);
  return app.agentId;
}

function configId(body: Record<string, unknown>): string {
  const id = optString(body, 'config_id');
  if (!id) throw new WecomError(41043);
  return id;
}

function joinWayFields(state: SimState, body: Record<string, unknown>): JoinWayFields {
  const scene = optInt(body, 'scene', 1, 2);
  if (scene === undefined) throw new WecomError(40058, 'scene must be 1 or 2');
  const chatIdList = stringList(body, 'chat_id_list', 5);
  if (!chatIdList?.length) throw new WecomError(40058, 'chat_id_list required');
  for (const chatId of chatIdList) requireCustomerGroup(state, chatId);
  return {
    scene: scene as 1 | 2,
    remark: optString(body, 'remark', 30) ?? '',
    autoCreateRoom: (optInt(body, 'auto_create_room', 0, 1) ?? 1) as 0 | 1,
    roomBaseName: optString(body, 'room_base_name', 40) ?? '',
    roomBaseId: optInt(body, 'room_base_id', 0, 2 ** 32 - 1) ?? 0,
    chatIdList,
    state: optString(body, 'state', 30) ?? '',
    markSource: optBoolean(body, 'mark_source') ?? true,
  };
}
