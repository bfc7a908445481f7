import type { NextFunction, Request, Response } from 'express';
import { FeishuError } from '../http/feishu-errors';
import type { FeishuSimState } from '../state';
import { CREATE_CHAT_KEY, endpointKey } from './calls';
import type { Fault } from './faults';

/**
 * Mounted on `/open-apis`: counts each call, records chat-create arrivals in the per-second
 * histogram, then applies an injected fault if one matches. Control calls are neither
 * counted nor faulted.
 */
export function meter(state: FeishuSimState) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const key = endpointKey(req.method, `${req.baseUrl}${req.path}`);
    state.calls.record(key);
    if (key === CREATE_CHAT_KEY) state.createRate.arrive();
    const fault = state.faults.take(key);
    if (!fault) return next();
    if (fault.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault.lostAnswer !== undefined) return loseAnswer(req, res, next, fault.lostAnswer);
    if (fault.http429) {
      res
        .status(429)
        .set('x-ogw-ratelimit-limit', '50')
        .set('x-ogw-ratelimit-reset', String(fault.http429.resetSeconds))
        .json(new FeishuError(99991400, undefined, 429).toBody());
      return;
    }
    if (fault.code !== undefined) {
      const error = new FeishuError(fault.code, '(injected fault)', fault.httpStatus ?? 400);
      res.status(error.httpStatus).json(error.toBody());
      return;
    }
    if (fault.httpStatus !== undefined) {
      res.status(fault.httpStatus).type('text/plain').send(`${fault.httpStatus} simulated upstream failure`);
      return;
    }
    next();
  };
}

/**
 * Lets the call run to the end, then throws its answer away: what a client sees when the
 * platform did the work but the connection broke (or a gateway timed out) on the way back.
 */
function loseAnswer(req: Request, res: Response, next: NextFunction, how: Fault['lostAnswer']): void {
  const drop = () => {
    if (how === 'socket') {
      req.socket.destroy();
    } else {
      res.status(504).type('text/plain').send('504 Gateway Time-out');
    }
    return res;
  };
  res.json = drop as Response['json'];
  next();
}
