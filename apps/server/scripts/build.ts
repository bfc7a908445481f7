/**
 * `pnpm --filter @kequn/server build` (part of the root `pnpm build`): the production server in
 * apps/server/dist, to be run with plain `node` and production dependencies only.
 *
 *   dist/index.js (+ chunks, .map)  the server bundled by esbuild: our workspace packages
 *                                   (@kequn/*, imported by name, exported as .ts sources) are
 *                                   inlined; every npm package stays an import of node_modules
 *   dist/h5/                        a copy of apps/h5/dist (built first if it is missing)
 *   dist/console/                   a copy of apps/console/dist (likewise)
 *
 * The simulator's browser bridge is bundled here, once, with the simulator's own esbuild options
 * (`buildBridgeScript()`), and the server bundle gets that script in place of the esbuild call,
 * so demo mode needs neither esbuild nor the bridge's .ts sources at run time.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { buildBridgeScript } from '@kequn/wecom-sim/bridge';

const SERVER = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(SERVER, '..', '..');
const H5_DIST = join(ROOT, 'apps', 'h5', 'dist');
const CONSOLE_DIST = join(ROOT, 'apps', 'console', 'dist');
const OUT = join(SERVER, 'dist');
// Built beside dist/ and swapped in at the end, so a failed build leaves the last good one.
const STAGING = join(SERVER, `dist.building-${process.pid}`);

const pkg = JSON.parse(readFileSync(join(SERVER, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const runtimeDeps = new Set(Object.keys(pkg.dependencies ?? {}));
const builtins = new Set(builtinModules);

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/**
 * Workspace packages are bundled; npm packages stay external and must be production dependencies
 * of @kequn/server, or the deployed folder would lack them: the build fails naming them.
 */
function externals(): Plugin {
  return {
    name: 'kequn:externals',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || builtins.has(args.path)) return { path: args.path, external: true };
        const name = packageName(args.path);
        if (name.startsWith('@kequn/')) return undefined; // inline: resolved through its exports to .ts
        if (name === 'esbuild') return undefined; // replaced by prebuiltBridge()
        if (!runtimeDeps.has(name)) {
          const text = `${name} (imported by ${relative(ROOT, args.importer)}) is not in apps/server/package.json "dependencies"`;
          return { errors: [{ text }] };
        }
        return { path: args.path, external: true };
      });
    },
  };
}

/** The simulator bridge's only esbuild call (`build()` of its client) answers the prebuilt script. */
function prebuiltBridge(script: string): Plugin {
  const bridgeDir = `${sep}packages${sep}wecom-sim${sep}src${sep}bridge${sep}`;
  return {
    name: 'kequn:prebuilt-bridge',
    setup(b) {
      b.onResolve({ filter: /^esbuild$/ }, (args) => {
        if (!args.importer.includes(bridgeDir)) {
          return { errors: [{ text: `esbuild is not available at run time (imported by ${args.importer})` }] };
        }
        return { path: 'esbuild', namespace: 'kequn-prebuilt-bridge' };
      });
      b.onLoad({ filter: /.*/, namespace: 'kequn-prebuilt-bridge' }, () => ({
        loader: 'js',
        contents: [
          '// Bundled at build time (apps/server/scripts/build.ts); esbuild is not a runtime dependency.',
          `const script = ${JSON.stringify(script)};`,
          'export function build() {',
          "  return Promise.resolve({ errors: [], warnings: [], outputFiles: [{ path: 'bridge.js', text: script }] });",
          '}',
        ].join('\n'),
      }));
    },
  };
}

/** The staff page and the console are built first when missing (each a Vite build of its own). */
function ensurePageBuild(dist: string, pkg: string): void {
  if (existsSync(join(dist, 'index.html'))) return;
  process.stdout.write(`build: ${relative(ROOT, dist)} is missing; building ${pkg} first\n`);
  const result = spawnSync('pnpm', ['--filter', pkg, 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the ${pkg} build failed`);
}

async function main(): Promise<void> {
  const started = Date.now();
  ensurePageBuild(H5_DIST, '@kequn/h5');
  ensurePageBuild(CONSOLE_DIST, '@kequn/console');
  rmSync(STAGING, { recursive: true, force: true });
  try {
    const bridge = await buildBridgeScript();
    await build({
      entryPoints: { index: join(SERVER, 'src', 'index.ts') },
      outdir: STAGING,
      bundle: true,
      splitting: true, // the bridge module is imported lazily (demo mode only): its own chunk
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: true,
      sourcesContent: false, // stack traces name src/*.ts lines; the sources themselves stay out
      chunkNames: '[name]-[hash]',
      legalComments: 'none',
      logLevel: 'warning',
      plugins: [externals(), prebuiltBridge(bridge)],
    });
    cpSync(H5_DIST, join(STAGING, 'h5'), { recursive: true });
    cpSync(CONSOLE_DIST, join(STAGING, 'console'), { recursive: true });
    rmSync(OUT, { recursive: true, force: true });
    renameSync(STAGING, OUT);
  } finally {
    rmSync(STAGING, { recursive: true, force: true });
  }
  process.stdout.write(`build: ${relative(ROOT, OUT)} in ${Date.now() - started} ms\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`build failed: ${(err as Error).message}\n`);
  process.exit(1);
});
