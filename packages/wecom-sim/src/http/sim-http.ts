import express, { type NextFunction, type Request, type Response } from 'express';
import { isBodyParserError } from './cgi';
import { SimInputError } from './sim-errors';
import { isTrustedUrl } from '../settings';

/** JSON bodies regardless of content type (WeCom does not insist on it either). */
export function jsonBody(): express.RequestHandler {
  return express.json({ type: () => true, limit: '1mb' });
}

/** `/__sim` errors: 4xx `{error:{code,message}}` for bad input, never a 500 for it. */
export function simErrorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (error instanceof SimInputError) {
    res.status(error.status).json(error.toBody());
    return;
  }
  if (isBodyParserError(error)) {
    const tooLarge = (error as { status?: number }).status === 413;
    const body = tooLarge
      ? { code: 'too_large', message: 'body too large' }
      : { code: 'invalid_json', message: 'body is not valid JSON' };
    res.status(tooLarge ? 413 : 400).json({ error: body });
    return;
  }
  console.error('[wecom-sim] unexpected error', error);
  res.status(500).json({ error: { code: 'internal', message: 'simulator bug; see its log' } });
}

/**
 * Pages on another origin (simulator on its own port) call `/__sim/*` from the bridge.
 * Only trusted origins get CORS, the same list the JS-SDK checks.
 */
export function simCors(trusted: () => readonly string[]): express.RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (!origin || !isTrustedUrl(origin, trusted())) return next();
    res.set({ 'access-control-allow-origin': origin, vary: 'Origin' });
    if (req.method !== 'OPTIONS') return next();
    res.set({
      'access-control-allow-methods': 'GET, POST, DELETE',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '600',
    });
    res.status(204).end();
  };
}

export function simNotFound(req: Request, res: Response): void {
  res.status(404).json({ error: { code: 'not_found', message: `no simulator endpoint ${req.method} ${req.path}` } });
}
