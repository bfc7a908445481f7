import type { NextFunction, Request, Response } from 'express';
import { FeishuError } from '../http/feishu-errors';
import type { FeishuSimState } from '../state';

/**
 * Every `/open-apis` call but the token fetch needs `Authorization: Bearer <tenant token>`.
 * Missing, unknown, revoked and expired tokens all answer HTTP 400 with 99991663, so a client
 * has one signal to drop its cached token and fetch again.
 */
export function requireTenantToken(state: FeishuSimState) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    const record = match?.[1] ? state.tokens.check(match[1]) : undefined;
    if (!record || record.appId !== state.directory.app.appId) {
      next(new FeishuError(99991663, undefined, 400));
      return;
    }
    next();
  };
}
