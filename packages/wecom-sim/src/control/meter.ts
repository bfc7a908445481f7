import type { NextFunction, Request, Response } from 'express';
import { formatErrmsg } from '../http/wecom-errors';
import { sendErrorPage } from '../oauth/error-page';
import type { SimState } from '../state';
import type { Fault } from './faults';

/** The platform surface: what the product calls. Control endpoints are neither counted nor faulted. */
export function isPlatformPath(path: string): boolean {
  return (
    path.startsWith('/cgi-bin/') ||
    path.startsWith('/connect/') ||
    path.startsWith('/wwlogin/') ||
    path.startsWith('/__sim/jsapi/') ||
    path.startsWith('/__sim/client/') ||
    path === '/__sim/pickers/take'
  );
}

/** Counts each platform call, then applies an injected fault if one matches. */
export function meter(state: SimState) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.method === 'OPTIONS' || !isPlatformPath(req.path)) return next();
    state.calls.record(req.path);
    countChat(state, req, res);
    const fault = state.faults.take(req.path);
    if (!fault) return next();
    if (fault.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault.httpStatus !== undefined) {
      res.status(fault.httpStatus).type('text/plain').send(`${fault.httpStatus} simulated upstream failure`);
    } else if (fault.errcode !== undefined) {
      sendFaultErrcode(req, res, fault);
    } else {
      next();
    }
  };
}

/**
 * The body is parsed further down the chain (the cgi-bin router), so the chat a call named is
 * read once it is answered; a call that names none is counted by path only.
 */
function countChat(state: SimState, req: Request, res: Response): void {
  // The mounted router rewrites req.path meanwhile: keep the full one.
  const path = req.path;
  if (!path.startsWith('/cgi-bin/')) return;
  res.once('finish', () => {
    const chatId: unknown = (req.body as { chat_id?: unknown } | undefined)?.chat_id;
    if (typeof chatId === 'string' && chatId) state.calls.recordChat(path, chatId);
  });
}

/** An injected errcode in the shape of the surface it hits. */
function sendFaultErrcode(req: Request, res: Response, fault: Fault): void {
  const errcode = fault.errcode ?? -1;
  if (req.path.startsWith('/cgi-bin/')) {
    res.json({ errcode, errmsg: formatErrmsg(errcode, 'injected fault') });
  } else if (req.path.startsWith('/connect/') || req.path.startsWith('/wwlogin/')) {
    sendErrorPage(res, '模拟故障', errcode);
  } else {
    res.json({ ok: false, errMsg: `${req.path.split('/').pop() ?? 'client'}:injected fault`, errCode: errcode });
  }
}
