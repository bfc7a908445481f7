import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import express, { Router, type Request, type Response } from 'express';
import { OrderId } from '@kequn/contracts';
import { accepts, assetRoutes, IMMUTABLE } from './assets';
import type { PreloadSource } from './page-preload';
import { withPreload, type PagePreload } from './preload';

/**
 * apps/h5/dist, where `pnpm --filter @kequn/h5 build` writes the page, seen from this source file;
 * from the built server (apps/server/dist/index.js, see scripts/build.ts): its copy in dist/h5.
 */
export const DEFAULT_H5_DIST = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../../h5/dist' : './h5', import.meta.url),
);

export const BRIDGE_SCRIPT = '<script src="/__sim/bridge.js"></script>';

export interface H5Options {
  distDir?: string;
  injectBridge: boolean;
  /** Puts the first requests' answers into the HTML of /orders/:id for a signed-in request. */
  preload?: PreloadSource;
}

/**
 * Serves the H5 build: static assets, and index.html for the page routes (history routing).
 * In demo mode the simulator's bridge goes in as the first script of <head>, so the JS-SDK
 * finds a "WeCom client" in a desktop browser. Without a build, a page says how to make one.
 */
export function h5Routes(options: H5Options): Router {
  const distDir = options.distDir ?? DEFAULT_H5_DIST;
  const router = Router();
  const index = indexReader(join(distDir, 'index.html'), options.injectBridge);

  const sendIndex = (req: Request, res: Response, preload: PagePreload | null = null) => {
    const html = index();
    if (html === null) {
      res.set('Cache-Control', 'no-cache').status(503).type('html').send(NOT_BUILT);
      return;
    }
    // The preloaded page is this person's: no cache may keep it. The plain one is everyone's.
    res.set('Cache-Control', preload ? 'private, no-store' : 'no-cache').type('html');
    sendHtml(req, res, preload ? withPreload(html, preload) : html);
  };
  router.get(['/', '/index.html'], (req, res) => sendIndex(req, res));
  router.use(assetRoutes(join(distDir, 'assets')));
  router.use(express.static(distDir, { index: false, fallthrough: true, maxAge: '1h', setHeaders: immutableAssets }));
  router.get('/orders/:orderId', async (req, res, next) => {
    const parsed = OrderId.safeParse(req.params.orderId);
    if (!parsed.success) return next();
    // A failure here (the database away) costs only the preload: the page then asks as usual.
    const preload =
      index() !== null && options.preload ? await options.preload(req, parsed.data).catch(() => null) : null;
    sendIndex(req, res, preload);
  });
  return router;
}

/** express.static's files under assets/ are hashed too (an older build without compressed copies). */
function immutableAssets(res: Response, path: string): void {
  if (/[/\\]assets[/\\][^/\\]+$/.test(path)) res.setHeader('Cache-Control', IMMUTABLE);
}

/** A few kB of HTML, gzipped when accepted: on a phone each kB is ~5 ms. */
function sendHtml(req: Request, res: Response, html: string): void {
  res.vary('Accept-Encoding');
  if (!accepts(req, 'gzip')) {
    res.send(html);
    return;
  }
  res.set('Content-Encoding', 'gzip').send(gzipSync(html));
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
