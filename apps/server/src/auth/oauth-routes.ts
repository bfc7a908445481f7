import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import type { Me } from '@kequn/contracts';
import { isWecomError } from '@kequn/wecom';
import type { WecomAccess } from '../customers/wecom-contacts';
import { badRequest } from '../http/api-error';
import { sameOrigin } from '../http/same-origin';
import { safeNextPath } from './next-path';
import { sendPage } from './pages';
import { requireStaff, staffOf, type Sessions } from './sessions';

export interface AuthLimiters {
  start: RequestHandler;
  callback: RequestHandler;
}

export interface OAuthSettings {
  corpId: string;
  agentId: string;
  /** https://open.weixin.qq.com, or our own URL in demo mode (the simulator's authorize page). */
  oauthBase: string;
  publicUrl: string;
  /** Origins our pages are served from: logout from anywhere else is refused. */
  allowedOrigins: readonly string[];
}

const STATE_PATTERN = /^[A-Za-z0-9]{1,128}$/;
const CODE_PATTERN = /^[A-Za-z0-9_-]{1,512}$/;

/** WeCom OAuth (snsapi_base) → a signed session cookie [platform-facts §5]. */
export function authRoutes(
  sessions: Sessions,
  wecom: WecomAccess,
  settings: OAuthSettings,
  limiters: AuthLimiters,
): Router {
  const router = Router();

  router.get('/auth/wecom/start', limiters.start, async (req, res) => {
    const next = safeNextPath(req.query.next);
    if (next === null) throw badRequest('invalid_next', '"next" must be a path on this site, like /orders/A-1001.');
    const state = randomBytes(24).toString('hex');
    await sessions.issueState(res, state, next);
    res.set('Cache-Control', 'no-store').redirect(302, authorizeUrl(settings, state));
  });

  router.get('/auth/wecom/callback', limiters.callback, async (req, res) => {
    const saved = sessions.readState(req);
    const state = single(req, 'state');
    const code = single(req, 'code');
    // The state must be this browser's (cookie) and unused (server record, any instance): a
    // replayed callback never reaches WeCom, so nobody can spend our quota through it.
    if (
      !saved ||
      !state ||
      !STATE_PATTERN.test(state) ||
      !sameText(state, saved.state) ||
      !(await sessions.useState(state))
    ) {
      sendPage(res, 400, 'invalid_state', '登录已失效', '登录请求已过期或不是从本页面发起的，请重新打开订单页面。');
      return;
    }
    sessions.clearState(res);
    if (!code || !CODE_PATTERN.test(code)) {
      sendPage(res, 400, 'missing_code', '登录未完成', '企业微信没有返回授权码，请重新打开订单页面。');
      return;
    }
    let user;
    try {
      user = await wecom.credentials.withAccessToken((token) => wecom.client.getUserInfo(token, code));
    } catch (err) {
      if (isWecomError(err) && err.errcode === 40029) {
        sendPage(res, 400, 'invalid_code', '登录已失效', '授权码已使用或已过期，请重新打开订单页面。');
        return;
      }
      throw err;
    }
    if (!user.member) {
      sendPage(
        res,
        403,
        'not_a_member',
        '仅限企业成员使用',
        '此页面只对本企业的员工开放，请使用企业微信工作账号打开。',
      );
      return;
    }
    await sessions.issue(res, user.userId);
    res.set('Cache-Control', 'no-store').redirect(302, saved.next);
  });

  // Ends every session of the signed-in person (all devices): a lost phone is one tap away from useless.
  router.post('/auth/logout', sameOrigin(settings.allowedOrigins), async (req, res) => {
    const session = await sessions.read(req);
    if (session) await sessions.endAll(session.userId);
    sessions.clear(res);
    res.set('Cache-Control', 'no-store').status(204).end();
  });

  router.get('/api/me', requireStaff(sessions), (_req, res) => {
    const staff = staffOf(res);
    // WeCom's getuserinfo gives no name; the page shows the userid when name is null.
    const me: Me = { userId: staff.userId, name: null, corpId: staff.corpId };
    res.set('Cache-Control', 'no-store').json(me);
  });
  return router;
}

function authorizeUrl(settings: OAuthSettings, state: string): string {
  const url = new URL('/connect/oauth2/authorize', settings.oauthBase);
  url.searchParams.set('appid', settings.corpId);
  url.searchParams.set('redirect_uri', `${settings.publicUrl}/auth/wecom/callback`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'snsapi_base');
  url.searchParams.set('state', state);
  url.searchParams.set('agentid', settings.agentId);
  url.hash = 'wechat_redirect';
  return url.toString();
}

function single(req: Request, name: string): string | undefined {
  const value: unknown = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
