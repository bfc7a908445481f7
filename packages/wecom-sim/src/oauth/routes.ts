import express from 'express';
import { appFromToken } from '../credentials/access';
import { cgi } from '../http/cgi';
import { queryParam } from '../http/request';
import { WecomError } from '../http/wecom-errors';
import { isTrustedUrl } from '../settings';
import type { SimState } from '../state';
import { sendErrorPage } from './error-page';

const SCOPES = new Set(['snsapi_base', 'snsapi_privateinfo']);
const STATE_PATTERN = /^[a-zA-Z0-9]{0,128}$/;

/**
 * `GET /connect/oauth2/authorize`: signs in the simulated person silently (snsapi_base)
 * and redirects to `redirect_uri?code=…&state=…` [platform-facts §5].
 */
export function authorizeRoutes(state: SimState): express.Router {
  const router = express.Router();
  router.get('/oauth2/authorize', (req, res) => {
    const problem = authorizeProblem(state, req);
    if (problem) {
      sendErrorPage(res, problem.message, problem.errcode);
      return;
    }
    // A member who left the corp has no WeCom account any more: WeCom cannot sign them in.
    if ('userId' in state.session && state.directory.isResigned(state.session.userId)) {
      sendErrorPage(res, '该成员已离职，无法登录', 60111);
      return;
    }
    const target = new URL(queryParam(req, 'redirect_uri') ?? '');
    target.searchParams.set('code', state.codes.issue(state.session));
    target.searchParams.set('state', queryParam(req, 'state') ?? '');
    res.redirect(302, target.toString());
  });
  return router;
}

function authorizeProblem(state: SimState, req: express.Request): { message: string; errcode?: number } | undefined {
  const appid = queryParam(req, 'appid');
  const redirectUri = queryParam(req, 'redirect_uri');
  const agentId = queryParam(req, 'agentid');
  const scope = queryParam(req, 'scope') ?? '';
  if (!appid || appid !== state.corp.corpId) return { message: '参数错误：appid 无效', errcode: 40013 };
  if (queryParam(req, 'response_type') !== 'code') return { message: '参数错误：response_type 必须为 code' };
  if (!SCOPES.has(scope)) return { message: '参数错误：scope 无效' };
  if (agentId !== undefined && !state.app(agentId)) return { message: '参数错误：agentid 无效', errcode: 40056 };
  if (scope === 'snsapi_privateinfo' && !agentId)
    return { message: '参数错误：snsapi_privateinfo 需要 agentid', errcode: 41011 };
  if (!STATE_PATTERN.test(queryParam(req, 'state') ?? ''))
    return { message: '参数错误：state 只能包含字母和数字，最长 128 字节' };
  if (!redirectUri || !isTrustedUrl(redirectUri, state.settings.trustedOrigins)) {
    return { message: 'redirect_uri 需使用应用可信域名', errcode: 50001 };
  }
  return undefined;
}

/**
 * `GET /cgi-bin/auth/getuserinfo`: code → member `{userid}` or non-member `{openid,
 * external_userid?}`. Codes from the mobile OAuth page and from web login are the same kind.
 */
export function userInfoRoutes(state: SimState): express.Router {
  const router = express.Router();
  router.get(
    '/auth/getuserinfo',
    cgi((req) => {
      appFromToken(state, req);
      const code = queryParam(req, 'code');
      if (!code) throw new WecomError(41008);
      // Reused and expired codes both answer 40029 (the catalogue also lists 42022 "code
      // already used"; which of the two getuserinfo returns for a reused code is UNCONFIRMED).
      const person = state.codes.redeem(code);
      if (!person) throw new WecomError(40029);
      // A code issued before the member resigned no longer signs them in (UNCONFIRMED code).
      if ('userId' in person && state.directory.isResigned(person.userId)) throw new WecomError(40029);
      if ('userId' in person) return { userid: person.userId };
      return person.externalUserId
        ? { openid: person.openid, external_userid: person.externalUserId }
        : { openid: person.openid };
    }),
  );
  return router;
}
