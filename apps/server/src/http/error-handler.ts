import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ApiError } from './api-error';

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new ApiError(404, 'not_found', 'No such endpoint.'));
};

/** One place that turns any thrown error into `{error:{code,message}}`; internals stay in the log. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status, code, message, details } = describeError(err);
    if (status >= 500) (req.log ?? logger).error({ err: safeError(err), code }, 'request failed');
    if (res.headersSent) return;
    res.status(status).json({ error: { code, message, ...details } });
  };
}

export type Described = { status: number; code: string; message: string; details?: Record<string, unknown> };

/** Status and body fields for any error; nothing internal leaks into the message. */
export function describeError(err: unknown): Described {
  if (err instanceof ApiError) return err;
  if (isUpstreamError(err))
    return { status: err.httpStatus, code: err.code, message: `${err.message} Fix: ${err.fix}` };
  // body-parser and friends mark client mistakes with a 4xx status.
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) return clientMistake(status, err);
  return { status: 500, code: 'internal', message: 'Internal error; see the server log.' };
}

/** body-parser's errors carry a `type`; name the common ones so callers can fix their request. */
function clientMistake(status: number, err: unknown): Described {
  const type = (err as { type?: unknown }).type;
  if (type === 'entity.parse.failed') return { status, code: 'invalid_json', message: 'The body is not valid JSON.' };
  if (type === 'entity.too.large') return { status, code: 'body_too_large', message: 'The body is too large.' };
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return { status, code: 'unsupported_encoding', message: 'Send the body as UTF-8.' };
  }
  return { status, code: 'bad_request', message: 'The request could not be read.' };
}

/** Error fields for the log without request configs, URLs or headers that may hold secrets. */
export function safeError(err: unknown): object {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}

/**
 * An upstream platform's error as its client throws it (WecomError, later Feishu's): a stable
 * code, our HTTP status, and a fix that names what to change; never a secret.
 */
interface UpstreamError extends Error {
  code: string;
  httpStatus: number;
  fix: string;
}

function isUpstreamError(err: unknown): err is UpstreamError {
  const e = err as Partial<UpstreamError> | null;
  return (
    err instanceof Error && typeof e?.code === 'string' && typeof e.httpStatus === 'number' && typeof e.fix === 'string'
  );
}
