import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';
import { OrderId } from '@kequn/contracts';

/**
 * apps/h5/dist, where `pnpm --filter @kequn/h5 build` writes the page, seen from this source file;
 * from the built server (apps/server/dist/index.js, see scripts/build.ts): its copy in dist/h5.
 */
export const DEFAULT_H5_DIST = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../../h5/dist' : './h5', import.meta.url),
);

export const BRIDGE_SCRIPT = '<script src="/__sim/bridge.js"></script>';

/**
 * Serves the H5 build: static assets, and index.html for the page routes (history routing).
 * In demo mode the simulator's bridge goes in as the first script of <head>, so the JS-SDK
 * finds a "WeCom client" in a desktop browser. Without a build, a page says how to make one.
 */
export function h5Routes(options: { distDir?: string; injectBridge: boolean }): Router {
  const distDir = options.distDir ?? DEFAULT_H5_DIST;
  const router = Router();
  const index = indexReader(join(distDir, 'index.html'), options.injectBridge);

  const sendIndex = (res: Response) => {
    const html = index();
    res.set('Cache-Control', 'no-cache');
    if (html === null) res.status(503).type('html').send(NOT_BUILT);
    else res.type('html').send(html);
  };
  router.get(['/', '/index.html'], (_req, res) => sendIndex(res));
  router.use(express.static(distDir, { index: false, fallthrough: true, maxAge: '1h' }));
  router.get('/orders/:orderId', (req, res, next) => {
    if (!OrderId.safeParse(req.params.orderId).success) return next();
    sendIndex(res);
  });
  return router;
}

/** Re-reads index.html when a new build replaced it, so a running server picks it up. */
function indexReader(path: string, injectBridge: boolean): () => string | null {
  let cached: { mtimeMs: number; html: string } | null = null;
  return () => {
    if (!existsSync(path)) return null;
    const { mtimeMs } = statSync(path);
    if (cached?.mtimeMs !== mtimeMs) {
      const raw = readFileSync(path, 'utf8');
      cached = { mtimeMs, html: injectBridge ? withBridge(raw) : raw };
    }
    return cached.html;
  };
}

export function withBridge(html: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return `${BRIDGE_SCRIPT}${html}`;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}${BRIDGE_SCRIPT}${html.slice(at)}`;
}

const NOT_BUILT =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>kequn</title></head>' +
  '<body style="font-family:sans-serif;padding:3em 1em;text-align:center">' +
  '<h1 style="font-size:1.2em">页面尚未构建 · The H5 page is not built</h1>' +
  '<p>Run <code>pnpm --filter @kequn/h5 build</code>, then reload.</p></body></html>';
