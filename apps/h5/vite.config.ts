import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';

// The server serves dist/ in production. `pnpm --filter @kequn/h5 dev` forwards the API, the WeCom
// sign-in and the simulator to a demo server (default :3000) so the page also runs under Vite.
const server = process.env.KEQUN_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  // Every component (ours, Vant's, the router's) uses setup(): Vue's Options API code can go.
  plugins: [vue({ features: { optionsAPI: false } }), preloadBoot(), devBridge(), compressedCopies()],
  build: { outDir: 'dist', reportCompressedSize: false },
  // /connect: the simulator's OAuth page (demo mode), reached through PUBLIC_URL = this dev server.
  server: { proxy: { '/api': server, '/auth': server, '/__sim': server, '/connect': server } },
});

/**
 * Under `vite` the demo server cannot inject its WeCom bridge into our index.html, so we do, as
 * the first script of <head> (it must run before @wecom/jssdk loads). KEQUN_BRIDGE=0 turns it off
 * when the page is opened in the real WeCom app.
 */
function devBridge(): Plugin {
  return {
    name: 'kequn:dev-bridge',
    apply: 'serve',
    transformIndexHtml: () =>
      process.env.KEQUN_BRIDGE === '0'
        ? []
        : [{ tag: 'script', attrs: { src: '/__sim/bridge.js' }, injectTo: 'head-prepend' }],
  };
}

/**
 * src/main.ts fires the first requests and then imports the app (src/boot.ts) and the WeCom
 * connection. Listing those chunks and their CSS in index.html lets the browser fetch them
 * alongside the entry instead of one round trip later.
 */
function preloadBoot(): Plugin {
  return {
    name: 'kequn:preload-boot',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const entry = chunks.find((c) => c.isEntry);
        if (!entry) return [];
        // In main.ts's order: the WeCom connection first. On HTTP/1.1 a browser opens six connections
        // per host; what is listed later waits for a free one, and the SDK's round trips start
        // only once its chunk is in, while the app's chunks are needed only to render.
        const started = entry.dynamicImports
          .map((file) => chunks.find((c) => c.fileName === file))
          .filter((c) => c !== undefined);
        const files = new Set(
          started.flatMap((c) => [...c.imports, c.fileName]).filter((f) => !html.includes(`/${f}"`)),
        );
        const css = new Set(started.flatMap((c) => [...(c.viteMetadata?.importedCss ?? [])]));
        const link = (rel: string, file: string): HtmlTagDescriptor => ({
          tag: 'link',
          attrs: { rel, href: `/${file}`, ...(rel === 'modulepreload' ? { crossorigin: true } : {}) },
          injectTo: 'head',
        });
        return [...[...css].map((f) => link('stylesheet', f)), ...[...files].map((f) => link('modulepreload', f))];
      },
    },
  };
}

/**
 * Next to each script and stylesheet, its brotli (.br) and gzip (.gz) copy at the highest level:
 * the server sends the one the browser accepts (apps/server/src/h5/assets.ts) without
 * compressing per request. On a phone's network the bytes are most of the load time.
 */
function compressedCopies(): Plugin {
  return {
    name: 'kequn:compressed-copies',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      for (const file of Object.keys(bundle).filter((f) => /\.(?:js|css)$/.test(f))) {
        const path = join(dir, file);
        const bytes = readFileSync(path);
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
        writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}
