import express, { type NextFunction, type Request, type Response } from 'express';
import { isBodyParserError } from './request';
import { SimInputError } from './sim-errors';

/** JSON bodies regardless of content type (clients do not always send one). */
export function jsonBody(): express.RequestHandler {
  return express.json({ type: () => true, limit: '1mb' });
}

/** `/__feishu-sim` errors: 4xx `{error:{code,message}}` for bad input, never a 500 for it. */
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
  console.error('[feishu-sim] unexpected error', error);
  res.status(500).json({ error: { code: 'internal', message: 'simulator bug; see its log' } });
}

export function simNotFound(req: Request, res: Response): void {
  res.status(404).json({ error: { code: 'not_found', message: `no simulator endpoint ${req.method} ${req.path}` } });
}
