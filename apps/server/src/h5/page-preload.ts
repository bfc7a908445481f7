import type { Request } from 'express';
import type { Clock, Logger } from '@kequn/upstream';
import type { Sessions } from '../auth/sessions';
import { recordOrderEvent } from '../console/order-events';
import type { CustomerFinder } from '../customers/customer-finder';
import type { Db } from '../db/schema';
import { safeError } from '../http/error-handler';
import { orderForStaff } from '../orders/staff-access';
import { buildStaffView } from '../orders/staff-view';
import type { PageSigner } from '../signing/page-signer';
import { pageUrlFromQuery } from '../signing/page-url';
import type { PagePreload } from './preload';

/** The preload for one request of /orders/:orderId, or null (no session): the page then asks itself. */
export type PreloadSource = (req: Request, orderId: string) => Promise<PagePreload | null>;

export interface PreloadDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  sessions: Sessions;
  customers: CustomerFinder;
  signer: PageSigner;
  signableOrigins: readonly string[];
  defaultMembers: readonly string[];
  adminUserIds: readonly string[];
  /** The HTML waits at most this long; past it the page fetches as it would without a preload. */
  budgetMs?: number;
}

const DEFAULT_BUDGET_MS = 300;

/**
 * What GET /api/me, /api/orders/:id and /api/jssdk/signatures would answer this request, made
 * while the HTML is answered. A part that fails or is not allowed (order of others, origin not
 * signable) is left out; the page then makes that request and shows its error as usual.
 */
export function createPreloadSource(deps: PreloadDeps): PreloadSource {
  const allowed = new Set(deps.signableOrigins);
  const budget = deps.budgetMs ?? DEFAULT_BUDGET_MS;
  return async (req, orderId) => {
    const session = await deps.sessions.read(req);
    if (!session) return null;
    // What the browser's location.href is: the request line is its path and query, serialized.
    const url = `${req.protocol}://${req.host}${req.originalUrl}`;
    const me = { userId: session.userId, name: null, corpId: session.corpId };
    const deadline = sleep(budget).then(() => null);
    const within = <T>(part: Promise<T>) =>
      Promise.race([part.catch((err: unknown) => quiet(deps.logger, err)), deadline]);
    const now = new Date(deps.clock.now());
    const [signatures, order] = await Promise.all([
      within(sign(deps.signer, url, allowed)),
      within(orderView(deps, orderId, session.userId, now)),
    ]);
    // What GET /api/orders/:id records; a view that missed the HTML is fetched (and recorded) by the page.
    if (order) await recordOrderEvent(deps.db, order.orderId, 'page_opened', now);
    return { url, me, signatures, order };
  };
}

/** The same checks as GET /api/jssdk/signatures?url= (origin allowed, length, characters). */
async function sign(signer: PageSigner, url: string, allowed: ReadonlySet<string>) {
  return signer.sign(pageUrlFromQuery(`url=${encodeURIComponent(url)}`, allowed));
}

async function orderView(deps: PreloadDeps, orderId: string, userId: string, now: Date) {
  const order = await orderForStaff(deps.db, orderId, userId, deps.adminUserIds);
  return buildStaffView(deps.db, order, userId, {
    customers: deps.customers,
    defaultMembers: deps.defaultMembers,
    now,
  });
}

/** An order of others, an origin we do not sign…: the page's own request reports it. */
function quiet(logger: Logger, err: unknown): null {
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status !== 'number' || status >= 500) logger.warn({ err: safeError(err) }, 'page preload failed');
  return null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
