import express from 'express';
import { queryParam } from '../http/request';
import { isTrustedUrl } from '../settings';
import type { SimState } from '../state';
import { escapeHtml, sendErrorPage } from './error-page';

/** Login parameters carried through the page, in WeCom's order. */
const PARAMS = ['login_type', 'appid', 'agentid', 'redirect_uri', 'state', 'lang'] as const;
/** The simulator's own parameter: who "scanned" (or confirmed on the desktop client). */
const PICK = 'sim_userid';
const MAX_STATE = 128;

/**
 * WeCom web login for desktop browsers (企业微信登录, `https://login.work.weixin.qq.com/wwlogin/
 * sso/login?login_type=CorpApp&appid=CORPID&agentid=AGENTID&redirect_uri=…&state=…`, doc
 * path/98152), served at the same path. Instead of a QR code the page offers the signed-in
 * person (the desktop client's one-click login) and every other active member (someone
 * scanning with their phone). Picking one redirects to `redirect_uri?code=…&state=…`; the code
 * is the same single-use, 5-minute code `auth/getuserinfo` exchanges.
 */
export function webLoginRoutes(state: SimState): express.Router {
  const router = express.Router();
  router.get('/sso/login', (req, res) => {
    const problem = loginProblem(state, req);
    if (problem) {
      sendErrorPage(res, problem.message, problem.errcode);
      return;
    }
    const picked = queryParam(req, PICK);
    if (picked === undefined) {
      res.type('html').set('cache-control', 'no-store').send(loginPage(state, req));
      return;
    }
    if (!state.directory.staff(picked)) {
      sendErrorPage(res, '该成员不在企业通讯录中', 60111);
      return;
    }
    if (state.directory.isResigned(picked)) {
      sendErrorPage(res, '该成员已离职，无法登录', 60111);
      return;
    }
    const target = new URL(queryParam(req, 'redirect_uri') ?? '');
    target.searchParams.set('code', state.codes.issue({ userId: picked }));
    target.searchParams.set('state', queryParam(req, 'state') ?? '');
    res.redirect(302, target.toString());
  });
  return router;
}

function loginProblem(state: SimState, req: express.Request): { message: string; errcode?: number } | undefined {
  const loginType = queryParam(req, 'login_type');
  const agentId = queryParam(req, 'agentid');
  const redirectUri = queryParam(req, 'redirect_uri');
  if (loginType !== 'CorpApp') {
    return { message: '参数错误：login_type 须为 CorpApp（ServiceApp 未模拟）' };
  }
  if (queryParam(req, 'appid') !== state.corp.corpId) return { message: '参数错误：appid 无效', errcode: 40013 };
  if (!agentId || !state.app(agentId)) return { message: '参数错误：agentid 无效', errcode: 40056 };
  if ((queryParam(req, 'state') ?? '').length > MAX_STATE) return { message: '参数错误：state 过长' };
  // "若提示该链接无法访问，请检查 … redirect_uri 的域名与网页应用的可信域名不一致"
  if (!redirectUri || !isTrustedUrl(redirectUri, state.settings.trustedOrigins)) {
    return { message: '该链接无法访问：redirect_uri 需使用应用可信域名', errcode: 50001 };
  }
  return undefined;
}

function pickHref(req: express.Request, userId: string): string {
  const query = new URLSearchParams();
  for (const name of PARAMS) {
    const value = queryParam(req, name);
    if (value !== undefined) query.set(name, value);
  }
  query.set(PICK, userId);
  // Relative to the current path, so it works wherever the simulator is mounted.
  return `?${query.toString()}`;
}

function loginPage(state: SimState, req: express.Request): string {
  const session = 'userId' in state.session ? state.session.userId : undefined;
  const sessionStaff = session ? state.directory.activeStaff(session) : undefined;
  const others = state.directory
    .allStaff()
    .filter((s) => s.userId !== sessionStaff?.userId && !state.directory.isResigned(s.userId));
  const button = (userId: string, name: string, id: string, colour = '#07c160') =>
    `<a id="${id}" data-userid="${escapeHtml(userId)}" href="${escapeHtml(pickHref(req, userId))}" ` +
    `style="display:block;margin:.5em auto;max-width:18em;padding:.7em;border-radius:6px;` +
    `background:${colour};color:#fff;text-decoration:none">${escapeHtml(name)}</a>`;
  const desktop = sessionStaff
    ? `<p>企业微信桌面端已登录</p>${button(sessionStaff.userId, `以 ${sessionStaff.name} 身份登录`, 'sim-login-session')}`
    : `<p style="color:#999">企业微信桌面端未登录</p>`;
  const scan = others.map((s) => button(s.userId, `${s.name}（扫码）`, `sim-login-${s.userId}`, '#576b95')).join('');
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>企业微信登录</title>` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"></head>` +
    `<body style="font-family:sans-serif;text-align:center;padding:2em 1em;color:#333">` +
    `<h1 style="font-size:1.2em">企业微信登录 · ${escapeHtml(state.corp.corpName)}</h1>${desktop}` +
    `<p style="margin-top:2em">或模拟其他成员扫码：</p>${scan}` +
    `<p style="color:#999;font-size:.8em">WeCom simulator</p></body></html>`
  );
}
