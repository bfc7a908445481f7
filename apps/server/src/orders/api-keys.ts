import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ApiError } from '../http/api-error';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `Authorization: Bearer <key>` for the business API. Keys are compared as SHA-256 digests with
 * timingSafeEqual, and every key is compared, so timing reveals neither key nor position.
 */
export function requireApiKey(keys: readonly string[]): RequestHandler {
  const digests = keys.map(digest);
  return (req, res, next) => {
    const match = /^Bearer ([\x21-\x7e]{1,256})$/.exec(req.get('authorization') ?? '');
    res.set('WWW-Authenticate', 'Bearer');
    if (!match?.[1]) throw new ApiError(401, 'missing_api_key', 'Send Authorization: Bearer <one of API_KEYS>.');
    const given = digest(match[1]);
    let ok = false;
    for (const d of digests) ok = timingSafeEqual(d, given) || ok;
    if (!ok) throw new ApiError(401, 'invalid_api_key', 'The API key is not one of API_KEYS.');
    next();
  };
}
