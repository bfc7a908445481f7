import express from 'express';
import { cgi } from '../http/cgi';
import { queryParam } from '../http/request';
import { WecomError } from '../http/wecom-errors';
import type { SimState } from '../state';
import { appFromToken } from './access';
import type { TicketKind } from './tickets';
import { CREDENTIAL_TTL_S } from './tokens';

/**
 * gettoken and the two JS-SDK tickets. `expires_in` is always 7200, even when an older
 * token or ticket is handed back: users report exactly this (UNCONFIRMED by the docs).
 */
export function credentialRoutes(state: SimState): express.Router {
  const router = express.Router();

  router.get(
    '/gettoken',
    cgi((req) => {
      const corpId = queryParam(req, 'corpid');
      const secret = queryParam(req, 'corpsecret');
      if (!corpId) throw new WecomError(41002);
      if (!secret) throw new WecomError(41004);
      if (corpId !== state.corp.corpId) throw new WecomError(40013);
      const app = state.apps.find((a) => a.secret === secret);
      if (!app) throw new WecomError(40001);
      return { access_token: state.tokens.issue(app.agentId).token, expires_in: CREDENTIAL_TTL_S };
    }),
  );

  const ticket = (kind: TicketKind) =>
    cgi((req) => {
      const app = appFromToken(state, req);
      if (kind === 'agent' && queryParam(req, 'type') !== 'agent_config') throw new WecomError(91040);
      const record = state.tickets.fetch(kind, app.agentId);
      if (record === 'quota') throw new WecomError(45009, `${kind} ticket hourly limit reached`);
      return { ticket: record.ticket, expires_in: CREDENTIAL_TTL_S };
    });

  router.get('/get_jsapi_ticket', ticket('corp'));
  router.get('/ticket/get', ticket('agent'));
  return router;
}
