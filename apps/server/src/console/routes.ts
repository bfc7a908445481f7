import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler, type Response } from 'express';
import {
  AuditQuery,
  ConsoleHandoverRequest,
  ConsoleOrdersQuery,
  FiguresQuery,
  type ConsoleActionResult,
  type ConsoleHandoverList,
  type ConsoleMe,
  type ConsoleRole,
  type Handover,
} from '@kequn/contracts';
import type { Clock } from '@kequn/wecom';
import { safeNextPath } from '../auth/next-path';
import type { Sessions } from '../auth/sessions';
import type { Db } from '../db/schema';
import { ApiError, badRequest } from '../http/api-error';
import { jsonBody } from '../http/json-body';
import { sameOrigin } from '../http/same-origin';
import { orderNotFound, parseBody, parseOrderId, parseQuery } from '../http/validate';
import { redeliver } from '../webhooks/event-log';
import { audit, listAudit } from './audit';
import { listFailures, poolHealth, retryCallback } from './failures';
import { orderFigures } from './figures';
import { orderDetail, ordersCsv, searchOrders } from './orders';

/**
 * apps/console/dist, where `pnpm --filter @kequn/console build` writes the console, seen from this
 * source file; from the built server (apps/server/dist/index.js): its copy in dist/console.
 */
export const DEFAULT_CONSOLE_DIST = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../../console/dist' : './console', import.meta.url),
);

export interface ConsoleDeps {
  db: Db;
  clock: Clock;
  sessions: Sessions;
  handovers: {
    start(input: {
      from: string;
      to: string | null;
      reason: Handover['reason'];
      requestedBy: string;
    }): Promise<Handover>;
    read(id: string): Promise<Handover | null>;
  };
  /** Full access. */
  adminUserIds: readonly string[];
  /** Read-only access (CONSOLE_VIEWER_IDS). */
  viewerUserIds: readonly string[];
  /** Origins our pages are served from: writes from anywhere else are refused. */
  allowedOrigins: readonly string[];
  /** WeCom web login (企业微信扫码登录) for desktop browsers. */
  login: { corpId: string; agentId: string; publicUrl: string; oauthBase: string };
  /** Wake the workers after a redeliver / retry instead of waiting for their next poll. */
  nudge?: { webhooks?(): void; callbacks?(): void };
  signInLimiter?: RequestHandler;
  distDir?: string;
}

interface ConsoleUser {
  userId: string;
  role: ConsoleRole;
}

const EVENT_ID = /^evt_[A-Za-z0-9-]{1,64}$/;
const CALLBACK_ID = /^[\x21-\x7e]{1,300}$/;

/** Where web login lives: WeCom's login host for a real corp, the OAuth base itself otherwise (simulator). */
export function webLoginBase(oauthBase: string): string {
  return /^https:\/\/open\.weixin\.qq\.com\/?$/.test(oauthBase) ? 'https://login.work.weixin.qq.com' : oauthBase;
}

export function webLoginUrl(login: ConsoleDeps['login'], state: string): string {
  const url = new URL('/wwlogin/sso/login', webLoginBase(login.oauthBase));
  url.searchParams.set('login_type', 'CorpApp');
  url.searchParams.set('appid', login.corpId);
  url.searchParams.set('agentid', login.agentId);
  url.searchParams.set('redirect_uri', `${login.publicUrl}/auth/wecom/callback`);
  url.searchParams.set('state', state);
  return url.toString();
}

/** The managers' console: its page at /console, its API at /api/console/*, and web login. */
export function consoleRoutes(deps: ConsoleDeps): Router {
  const { db, clock } = deps;
  const router = Router();
  const now = () => new Date(clock.now());

  router.get('/auth/wecom/web-start', ...(deps.signInLimiter ? [deps.signInLimiter] : []), async (req, res) => {
    const next = req.query.next === undefined ? '/console' : safeNextPath(req.query.next);
    if (next === null) throw badRequest('invalid_next', '"next" must be a path on this site, like /console/orders.');
    const state = randomBytes(24).toString('hex');
    await deps.sessions.issueState(res, state, next);
    res.set('Cache-Control', 'no-store').redirect(302, webLoginUrl(deps.login, state));
  });

  const roleOf = (userId: string): ConsoleRole | null =>
    deps.adminUserIds.includes(userId) ? 'admin' : deps.viewerUserIds.includes(userId) ? 'viewer' : null;

  const signedIn: RequestHandler = async (req, res, next) => {
    const session = await deps.sessions.read(req);
    if (!session) throw new ApiError(401, 'not_signed_in', 'Sign in through WeCom first (/auth/wecom/web-start).');
    const role = roleOf(session.userId);
    if (!role) throw new ApiError(403, 'console_forbidden', 'The console is open to managers only.');
    res.locals.consoleUser = { userId: session.userId, role } satisfies ConsoleUser;
    res.set('Cache-Control', 'no-store');
    next();
  };
  const userOf = (res: Response) => res.locals.consoleUser as ConsoleUser;
  const adminOnly =
    (code: 'console_read_only' | 'console_forbidden'): RequestHandler =>
    (_req, res, next) => {
      if (userOf(res).role !== 'admin') {
        throw new ApiError(
          403,
          code,
          code === 'console_read_only' ? 'Viewers may look but not act.' : 'Only admins see handovers.',
        );
      }
      next();
    };
  const write = [sameOrigin(deps.allowedOrigins), adminOnly('console_read_only')];
  router.use('/api/console', signedIn);

  router.get('/api/console/me', (_req, res) => {
    const { userId, role } = userOf(res);
    res.json({ userId, role } satisfies ConsoleMe);
  });

  router.get('/api/console/orders', async (req, res) => {
    res.json(await searchOrders(db, parseQuery(ConsoleOrdersQuery, req.query)));
  });

  router.get('/api/console/orders.csv', async (req, res) => {
    const { cursor: _c, limit: _l, ...q } = parseQuery(ConsoleOrdersQuery, req.query);
    const day = new Date(clock.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="orders-${day}.csv"`)
      .set('X-Content-Type-Options', 'nosniff');
    for await (const chunk of ordersCsv(db, q)) res.write(chunk);
    res.end();
  });

  router.get('/api/console/orders/:orderId', async (req, res) => {
    const orderId = parseOrderId(req.params.orderId);
    const detail = await orderDetail(db, orderId);
    if (!detail) throw orderNotFound(orderId);
    res.json(detail);
  });

  router.get('/api/console/pool', async (_req, res) => {
    res.json(await poolHealth(db));
  });

  router.get('/api/console/failures', async (_req, res) => {
    res.json(await listFailures(db));
  });

  router.post('/api/console/webhooks/:eventId/redeliver', ...write, async (req, res) => {
    const id = String(req.params.eventId);
    const at = now();
    if (!EVENT_ID.test(id) || !(await redeliver(db, id, at))) {
      throw new ApiError(404, 'event_not_found', `No webhook event ${id.slice(0, 80)}.`);
    }
    const auditId = await audit(db, { actor: userOf(res).userId, action: 'webhook.redeliver', target: id, at });
    deps.nudge?.webhooks?.();
    res.status(202).json({ ok: true, auditId } satisfies ConsoleActionResult);
  });

  router.post('/api/console/callbacks/:id/retry', ...write, async (req, res) => {
    const id = String(req.params.id);
    const at = now();
    const retried = CALLBACK_ID.test(id) ? await retryCallback(db, id, at) : null;
    if (!retried) throw new ApiError(404, 'callback_not_found', 'No parked callback event with this id.');
    const auditId = await audit(db, {
      actor: userOf(res).userId,
      action: 'callback.retry',
      target: id,
      detail: { event: retried.event },
      at,
    });
    deps.nudge?.callbacks?.();
    res.status(202).json({ ok: true, auditId } satisfies ConsoleActionResult);
  });

  router.get('/api/console/figures', async (req, res) => {
    res.json(await orderFigures(db, parseQuery(FiguresQuery, req.query), clock.now()));
  });

  router.get('/api/console/handovers', adminOnly('console_forbidden'), async (_req, res) => {
    const rows = await db.selectFrom('handovers').selectAll().orderBy('created_at', 'desc').limit(50).execute();
    const counts = rows.length
      ? await db
          .selectFrom('handover_groups')
          .select((eb) => ['handover_id', 'state', eb.fn.countAll<string>().as('n')])
          .where(
            'handover_id',
            'in',
            rows.map((r) => r.id),
          )
          .groupBy(['handover_id', 'state'])
          .execute()
      : [];
    const list: ConsoleHandoverList = {
      handovers: rows.map((r) => {
        const of = (state: string) => Number(counts.find((c) => c.handover_id === r.id && c.state === state)?.n ?? 0);
        return {
          id: r.id,
          from: r.from_user,
          to: r.to_user,
          reason: r.reason,
          requestedBy: r.requested_by,
          createdAt: r.created_at.toISOString(),
          finishedAt: r.finished_at?.toISOString() ?? null,
          counts: { pending: of('pending'), transferred: of('transferred'), failed: of('failed') },
        };
      }),
    };
    res.json(list);
  });

  router.get('/api/console/handovers/:id', adminOnly('console_forbidden'), async (req, res) => {
    const handover = await deps.handovers.read(String(req.params.id).slice(0, 100));
    if (!handover) throw new ApiError(404, 'handover_not_found', 'No such handover.');
    res.json(handover);
  });

  router.post('/api/console/handovers', ...write, jsonBody('4kb'), async (req, res) => {
    const { from, to, reason } = parseBody(ConsoleHandoverRequest, req.body);
    if (to === from) throw new ApiError(400, 'invalid_body', 'to must be another person than the one handing over.');
    const actor = userOf(res).userId;
    const handover = await deps.handovers.start({ from, to: to ?? null, reason, requestedBy: `console:${actor}` });
    const auditId = await audit(db, {
      actor,
      action: 'handover.start',
      target: handover.id,
      detail: { from, to: to ?? null, reason, counts: handover.counts },
      at: now(),
    });
    res.status(201).json({ handover, auditId });
  });

  router.get('/api/console/audit', async (req, res) => {
    res.json(await listAudit(db, parseQuery(AuditQuery, req.query)));
  });

  router.use(consolePage(deps.distDir ?? DEFAULT_CONSOLE_DIST));
  return router;
}

/** The console's build: hashed assets for a year, index.html (no-cache) for every page route. */
function consolePage(distDir: string): Router {
  const router = Router();
  const index = join(distDir, 'index.html');
  let cached: { mtimeMs: number; html: string } | null = null;
  const read = () => {
    if (!existsSync(index)) return null;
    const { mtimeMs } = statSync(index);
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(index, 'utf8') };
    return cached.html;
  };
  router.use(
    '/console/assets',
    express.static(join(distDir, 'assets'), { index: false, immutable: true, maxAge: '365d' }),
  );
  router.get(['/console', '/console/{*rest}'], (req, res, next) => {
    if (req.path.startsWith('/console/assets/')) return next();
    const html = read();
    res.set('Cache-Control', 'no-cache');
    if (html === null) res.status(503).type('html').send(NOT_BUILT);
    else res.type('html').send(html);
  });
  return router;
}

const NOT_BUILT =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>kequn 控制台</title></head>' +
  '<body style="font-family:sans-serif;padding:3em 1em;text-align:center">' +
  '<h1 style="font-size:1.2em">控制台尚未构建 · The console is not built</h1>' +
  '<p>Run <code>pnpm --filter @kequn/console build</code>, then reload.</p></body></html>';
