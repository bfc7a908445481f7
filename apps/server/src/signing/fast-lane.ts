import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Metrics } from '../health/metrics';
import { describeError, safeError } from '../http/error-handler';
import { HSTS_HEADER, isHttps, type TrustFn } from '../http/https';
import { chooseRequestId } from '../http/request-id';
import { pageUrlFromQuery } from './page-url';
import type { PageSigner } from './page-signer';

export const SIGNATURES_PATH = '/api/jssdk/signatures';

export interface SignerLaneDeps {
  signer: PageSigner;
  signableOrigins: readonly string[];
  /** The site's security headers (securityHeaderValues), sent with every answer. */
  headers: Record<string, string>;
  /** TRUST_PROXY compiled: HSTS goes on https answers only. */
  trust: TrustFn;
  metrics: Metrics;
  logger: Logger;
}

/**
 * GET /api/jssdk/signatures, answered ahead of Express: every page load asks for it, and Express's
 * own per-request cost keeps p99 above 10 ms at 50 connections on two cores (bench/signer). The
 * contract is the rest of the API's: security headers, X-Request-Id, the request metrics,
 * `{error:{code,message}}` bodies, failures logged with the request id (successes only counted).
 * Returns false for any other request, which then goes to Express.
 */
export function signerLane(deps: SignerLaneDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const allowed = new Set(deps.signableOrigins);
  const answer = answerer(deps, allowed, [
    ...Object.entries(deps.headers).flat(),
    'Content-Type',
    'application/json; charset=utf-8',
    'Cache-Control',
    'no-store',
  ]);
  return (req, res) => {
    const url = req.url ?? '';
    const isSigner =
      url.startsWith(SIGNATURES_PATH) && (url.length === SIGNATURES_PATH.length || url[SIGNATURES_PATH.length] === '?');
    if (req.method !== 'GET' || !isSigner) return false;
    void answer(req, res);
    return true;
  };
}

/** `fixedHeaders`: name, value, name, value … the same on every answer, flattened once. */
function answerer(deps: SignerLaneDeps, allowed: ReadonlySet<string>, fixedHeaders: string[]): RequestListener {
  return async (req, res) => {
    const started = process.hrtime.bigint();
    const id = chooseRequestId(req.headers['x-request-id']);
    const url = req.url ?? '';
    const rawQuery = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    let status = 200;
    let body: unknown;
    try {
      const pageUrl = pageUrlFromQuery(rawQuery, allowed);
      body = await deps.signer.sign(pageUrl, { refreshTickets: /(?:^|&)refresh=1(?:&|$)/.test(rawQuery) });
    } catch (err) {
      const described = describeError(err);
      const { code, message, details } = described;
      status = described.status;
      body = { error: { code, message, ...details } };
      const log = deps.logger.child({ req: { id, method: 'GET', path: SIGNATURES_PATH } });
      if (status >= 500) log.error({ err: safeError(err), code }, 'request failed');
      else log.warn({ status, code }, 'request refused');
    }
    const https = isHttps(req, deps.trust) ? HSTS_HEADER : [];
    res.writeHead(status, [...fixedHeaders, ...https, 'X-Request-Id', id]);
    res.end(JSON.stringify(body));
    deps.metrics.observeHttp('GET', SIGNATURES_PATH, status, started);
  };
}
