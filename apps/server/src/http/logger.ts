import type { IncomingMessage } from 'node:http';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export function createLogger(level: string): Logger {
  return pino({
    level,
    // Belt and braces: nothing we log should hold these, but if it ever does they are masked.
    redact: {
      paths: [
        '*.authorization',
        '*.cookie',
        '*["set-cookie"]',
        '*.secret',
        '*.access_token',
        '*.ticket',
        '*.corpsecret',
      ],
      censor: '[redacted]',
    },
  });
}

/** Request logging with ids; URLs are logged without their query (it may carry an OAuth code). */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    // requestId() ran first and chose the id.
    genReqId: (req: IncomingMessage) => req.id,
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?', 1)[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  });
}
