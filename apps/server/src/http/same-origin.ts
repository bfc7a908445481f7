import type { RequestHandler } from 'express';
import { ApiError } from './api-error';

/** With SameSite=Lax cookies this is a second lock: browsers send Origin on cross-site writes. */
export function sameOrigin(allowed: readonly string[]): RequestHandler {
  const origins = new Set(allowed);
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const origin = req.get('origin');
    if ((origin !== undefined && !origins.has(origin)) || req.get('sec-fetch-site') === 'cross-site') {
      throw new ApiError(403, 'cross_origin', 'Requests from other sites are not accepted.');
    }
    next();
  };
}
