/**
 * Server side of the bridge: serves the browser script and the phone frame page.
 *
 *   app.use(bridgeRouter());                 // GET /__sim/bridge.js, GET /__sim/phone?url=…
 *   html.replace('<head>', `<head>${bridgeScriptTag()}`);
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import express from 'express';
import type { Router } from 'express';
import { build } from 'esbuild';
import { escapeHtml, phonePage } from './phone.js';

export { phonePage } from './phone.js';

const ENTRY = fileURLToPath(new URL('./client/main.ts', import.meta.url));

let cached: Promise<string> | undefined;

/** The bundled browser script (an IIFE). Built on first use, then kept in memory. */
export function buildBridgeScript(): Promise<string> {
  cached ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    charset: 'utf8',
    legalComments: 'none',
    banner: {
      js: '/* @kequn/wecom-sim bridge: window.WeixinJSBridge for desktop browsers. Not the real WeCom client. */',
    },
  }).then(
    (r) => {
      const out = r.outputFiles[0];
      if (!out) throw new Error('esbuild produced no output for the bridge');
      return out.text;
    },
    (e: unknown) => {
      cached = undefined; // let the next request try again
      throw e;
    },
  );
  return cached;
}

let gzipped: { js: string; gz: Buffer } | undefined;

/** The script gzipped once: it blocks the page's parsing, and a phone's network is slow. */
const gzipOf = (js: string): Buffer => {
  if (gzipped?.js !== js) gzipped = { js, gz: gzipSync(js) };
  return gzipped.gz;
};

export function bridgeRouter(): Router {
  const router = express.Router();

  router.get('/__sim/bridge.js', async (req, res, next) => {
    try {
      const js = await buildBridgeScript();
      res
        .status(200)
        .set('Content-Type', 'application/javascript; charset=utf-8')
        .set('Cache-Control', 'no-cache')
        .set('Vary', 'Accept-Encoding')
        // Pages on another origin (simulator on its own port) load it with a plain <script>.
        .set('Cross-Origin-Resource-Policy', 'cross-origin');
      if (req.acceptsEncodings('gzip') === 'gzip') res.set('Content-Encoding', 'gzip').send(gzipOf(js));
      else res.send(js);
    } catch (e) {
      next(e);
    }
  });

  router.get('/__sim/phone', (req, res) => {
    res.status(200).type('html').set('Cache-Control', 'no-store').send(phonePage(req.query.url));
  });

  return router;
}

/**
 * `<script src="{simBase}/__sim/bridge.js"></script>` for injection into a page's HTML,
 * ideally right after `<head>`: it must run before the page's own scripts.
 */
export function bridgeScriptTag(simBase = ''): string {
  const base = simBase.replace(/\/+$/, '');
  return `<script src="${escapeHtml(`${base}/__sim/bridge.js`)}"></script>`;
}
