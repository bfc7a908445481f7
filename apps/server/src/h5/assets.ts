import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Router, type Request } from 'express';

/** Vite names every file in assets/ by its content hash: a name never changes meaning. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The compressed copies `pnpm --filter @kequn/h5 build` writes next to each asset (vite.config.ts). */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

const ASSET_NAME = /^\/[\w.-]+$/;

/**
 * /assets/*: the brotli or gzip copy the browser accepts (on a phone the bytes are the time),
 * cached for good. A file without copies (an older build) falls through to express.static.
 */
export function assetRoutes(assetsDir: string): Router {
  const router = Router();
  // Hashed names: a file read once is that file for good (a missing one may still be written).
  const copies = new Map<string, Buffer>();
  const read = (file: string): Buffer | null => {
    const known = copies.get(file);
    if (known || !existsSync(file)) return known ?? null;
    const body = readFileSync(file);
    copies.set(file, body);
    return body;
  };
  router.get(/^\/assets\//, (req, res, next) => {
    const name = req.path.slice('/assets'.length);
    if (!ASSET_NAME.test(name)) return next();
    for (const encoding of ENCODINGS) {
      if (!accepts(req, encoding.name)) continue;
      const body = read(join(assetsDir, `${name}${encoding.suffix}`));
      if (!body) continue;
      res
        .type(extname(name))
        .set({ 'Content-Encoding': encoding.name, 'Cache-Control': IMMUTABLE, Vary: 'Accept-Encoding' })
        .send(body);
      return;
    }
    next();
  });
  return router;
}

/** `Accept-Encoding: gzip, deflate, br;q=0` → gzip yes, br no. */
export function accepts(req: Request, encoding: string): boolean {
  const header = req.get('accept-encoding') ?? '';
  return header.split(',').some((part) => {
    const [token, ...params] = part.trim().split(';');
    if (token?.trim().toLowerCase() !== encoding) return false;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return q === undefined || Number(q) > 0;
  });
}
