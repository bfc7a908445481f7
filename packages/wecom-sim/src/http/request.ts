import type { NextFunction, Request, Response } from 'express';

const mountPrefixes = new WeakMap<Request, string>();

/**
 * First middleware of the simulator app: remembers where the simulator is mounted
 * (`req.baseUrl` here is the full prefix, including any parents' mount paths).
 */
export function rememberMount(req: Request, _res: Response, next: NextFunction): void {
  mountPrefixes.set(req, req.baseUrl);
  next();
}

/** First value of a query parameter (Express may give an array when repeated). */
export function queryParam(req: Request, name: string): string | undefined {
  const value: unknown = req.query[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Route parameter that always exists for the matched route. */
export function routeParam(req: Request, name: string): string {
  const value: unknown = req.params[name];
  return typeof value === 'string' ? value : '';
}

/**
 * Absolute URL of the simulator's root as seen by this request. The simulator may be
 * mounted inside another app (`outer.use(sim.app)` or under a prefix), so we derive the
 * mount prefix from the request rather than assuming a host or path.
 */
export function simBaseUrl(req: Request): string {
  const forwarded = req.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const protocol = forwarded || req.protocol;
  const host = req.get('x-forwarded-host') ?? req.get('host') ?? 'localhost';
  return `${protocol}://${host}${mountPrefixes.get(req) ?? ''}`;
}
