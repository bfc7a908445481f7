import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Metrics } from '../../health/metrics';
import { ApiError } from '../../http/api-error';
import { describeError, safeError } from '../../http/error-handler';
import { HSTS_HEADER, isHttps, type TrustFn } from '../../http/https';
import { controlCharactersInUrl } from '../../http/json-body';
import { chooseRequestId } from '../../http/request-id';

export const CALLBACK_PATH = '/callbacks/wecom';
const MAX_BODY_BYTES = 256 * 1024;

/** What the lane hands a push to: the query's fields and the body (callback-routes' receivePush). */
export type PushReceiver = (query: Record<string, unknown>, body: string) => Promise<void>;

export interface CallbackLaneDeps {
  receive: PushReceiver;
  /** The site's security headers (securityHeaderValues), sent with every answer. */
  headers: Record<string, string>;
  trust: TrustFn;
  metrics: Metrics;
  logger: Logger;
}

/**
 * POST /callbacks/wecom answered ahead of Express, like the signer's lane: a burst of customers
 * scanning a join QR arrives as hundreds of pushes a second, each waiting for its answer, and
 * Express's own per-request work is a large share of what one costs. The contract is the
 * route's: the same checks (receivePush), the security headers, X-Request-Id, the request
 * metrics, `{error:{code,message}}` refusals. Anything else (GET's URL check) goes to Express.
 */
export function callbackLane(deps: CallbackLaneDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const fixed = Object.entries(deps.headers).flat();
  return (req, res) => {
    const url = req.url ?? '';
    const ours =
      url.startsWith(CALLBACK_PATH) && (url.length === CALLBACK_PATH.length || url[CALLBACK_PATH.length] === '?');
    if (req.method !== 'POST' || !ours) return false;
    void answer(deps, fixed, req, res);
    return true;
  };
}

async function answer(deps: CallbackLaneDeps, fixed: string[], req: IncomingMessage, res: ServerResponse) {
  const started = process.hrtime.bigint();
  const id = chooseRequestId(req.headers['x-request-id']);
  let status = 200;
  let body: string | null = null;
  try {
    const query = queryOf(req.url ?? '');
    await deps.receive(query, await readBody(req));
  } catch (err) {
    const described = describeError(err);
    status = described.status;
    body = JSON.stringify({ error: { code: described.code, message: described.message, ...described.details } });
    const log = deps.logger.child({ req: { id, method: 'POST', path: CALLBACK_PATH } });
    if (status >= 500) log.error({ err: safeError(err), code: described.code }, 'request failed');
    else log.warn({ status, code: described.code }, 'request refused');
  }
  const https = isHttps(req, deps.trust) ? HSTS_HEADER : [];
  const type = body === null ? [] : ['Content-Type', 'application/json; charset=utf-8'];
  if (!res.headersSent) res.writeHead(status, [...fixed, ...https, ...type, 'X-Request-Id', id]);
  res.end(body ?? undefined);
  deps.metrics.observeHttp('POST', CALLBACK_PATH, status, started);
}

/** The query as Express gives it to the route (single values as strings), control characters refused. */
function queryOf(url: string): Record<string, unknown> {
  const refused = controlCharactersInUrl(url);
  if (refused) throw refused;
  const raw = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const query: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    query[key] = key in query ? [query[key], value].flat() : value;
  }
  return query;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, 'body_too_large', 'The body is too large.'));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
