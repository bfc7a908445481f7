import type { NextFunction, Request, Response } from 'express';
import { FeishuError } from './feishu-errors';
import { isBodyParserError } from './request';

/** An `/open-apis` handler returns its `data` or throws a FeishuError. */
export type ApiHandler = (req: Request, res: Response) => Record<string, unknown> | Promise<Record<string, unknown>>;

export function api(handler: ApiHandler) {
  return async (req: Request, res: Response): Promise<void> => {
    const data = await handler(req, res);
    res.json({ code: 0, msg: 'success', data });
  };
}

export function openApiErrorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (error instanceof FeishuError) {
    res.status(error.httpStatus).json(error.toBody());
    return;
  }
  if (isBodyParserError(error)) {
    // The gateway's answer to a body it cannot parse (UNCONFIRMED code).
    res.status(400).json(new FeishuError(9499, 'body is not valid JSON').toBody());
    return;
  }
  console.error('[feishu-sim] unexpected error', error);
  res.status(500).json({ code: -1, msg: 'simulator bug; see its log' });
}

export function openApiNotFound(req: Request, res: Response): void {
  res.status(404).json({ code: 404, msg: `not simulated: ${req.method} ${req.baseUrl}${req.path}` });
}
