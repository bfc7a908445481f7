import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

const SAFE_REQUEST_ID = /^[\w.-]{1,64}$/;

/** The caller's X-Request-Id when it is safe to echo, else a new one. */
export function chooseRequestId(given: string | string[] | undefined): string {
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Gives every request an id that its log lines and its reply carry. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const id = chooseRequestId(req.headers['x-request-id']);
    req.id = id; // typed by pino-http, which reads it back as the log's request id
    res.setHeader('X-Request-Id', id);
    next();
  };
}
