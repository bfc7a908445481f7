import type { NextFunction, Request, Response } from 'express';
import { WecomError } from './wecom-errors';

/** A `/cgi-bin` handler returns its success fields or throws a WecomError. */
export type CgiHandler = (req: Request) => Record<string, unknown>;

export function cgi(handler: CgiHandler) {
  return (req: Request, res: Response): void => {
    res.json({ errcode: 0, errmsg: 'ok', ...handler(req) });
  };
}

/** WeCom answers everything with HTTP 200 and an errcode, malformed JSON included. */
export function cgiErrorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (error instanceof WecomError) {
    res.json(error.toBody());
    return;
  }
  if (isBodyParserError(error)) {
    // Reported for unparsable bodies; seen in the wild from qyapi too (UNCONFIRMED for every API).
    res.json(new WecomError(47001).toBody());
    return;
  }
  console.error('[wecom-sim] unexpected error', error);
  res.json(new WecomError(-1).toBody());
}

export function cgiNotFound(req: Request, res: Response): void {
  res.status(404).json({ errcode: 404, errmsg: `not simulated: ${req.method} ${req.path}` });
}

export function isBodyParserError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    typeof error.type === 'string' &&
    'status' in error
  );
}

/** The parsed JSON body as an object ({} when absent or not an object). */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
