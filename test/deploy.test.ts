// The production runtime: `pnpm --filter @kequn/server build` and `pnpm deploy:server <dir>` give a
// folder that runs with plain `node` and production dependencies only, in demo mode too (the
// simulator's bridge is bundled at build time: no esbuild, tsx or .ts source at run time).
// The H5 page is not rebuilt here: other suites serve apps/h5/dist while this one runs
// (`pnpm test` builds it first; the server build only builds it when it is missing).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ROOT, stopChild, waitUntil } from './support/processes';

const run = promisify(execFile);
const DEV_ONLY = ['tsx', 'vitest', 'vite', 'esbuild', '@esbuild', 'typescript', '@kequn'];

let work: string;
let folder: string;
let child: ChildProcess | undefined;
let output = '';
let url: string;
let port: number;

/** pnpm as the test runner was started (`npx -y pnpm@10 test`, `pnpm test`), else the one on PATH. */
async function pnpm(args: string[]): Promise<void> {
  const execPath = process.env.npm_execpath ?? '';
  const [command, prefix] = /pnpm\.c?js$/.test(execPath) ? [process.execPath, [execPath]] : ['pnpm', []];
  // The runner's own settings (NODE_OPTIONS loaders, NODE_ENV=test, VITEST*) stay out.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(NODE_OPTIONS|NODE_ENV|VITEST.*|TEST)$/.test(k)),
  );
  await run(command, [...prefix, ...args], { cwd: ROOT, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
}

/** Files of ours (outside node_modules), relative to the folder. */
function ownFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules') return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? ownFiles(path, base) : [relative(base, path)];
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kequn-deploy-'));
  folder = join(work, 'app');
  await pnpm(['--filter', '@kequn/server', 'build']);
  await pnpm(['deploy:server', folder]);

  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['--enable-source-maps', 'dist/index.js'], {
    cwd: folder,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: join(work, 'data'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitUntil(async () => {
    if (child?.exitCode !== null) throw new Error(`the deployed server exited early:\n${output}`);
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
    return res?.status === 200;
  }, 60_000);
}, 180_000);

afterAll(async () => {
  if (child) await stopChild(child, 'SIGTERM');
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the deploy folder', () => {
  it('holds the compiled server, the page and production dependencies only, no .ts source', () => {
    expect(existsSync(join(folder, 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(folder, 'dist', 'index.js.map'))).toBe(true);
    expect(existsSync(join(folder, 'dist', 'h5', 'index.html'))).toBe(true);
    expect(ownFiles(folder).filter((f) => /\.[cm]?tsx?$/.test(f))).toEqual([]);
    const modules = readdirSync(join(folder, 'node_modules'));
    expect(modules).toContain('express');
    for (const name of DEV_ONLY) expect(modules).not.toContain(name);
    const store = readdirSync(join(folder, 'node_modules', '.pnpm'));
    expect(store.filter((p) => DEV_ONLY.some((n) => p.startsWith(`${n}@`) || p.startsWith(`${n}+`)))).toEqual([]);
  });

  it('runs with plain node in demo mode: health, readiness', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ready');
    expect(output).toContain('kequn demo mode');
  });

  it('signs a page of the simulated corp', async () => {
    const page = `http://localhost:${port}/orders/DEMO-1001`;
    const res = await fetch(`${url}/api/jssdk/signatures?url=${encodeURIComponent(page)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { corp: { signature: string } };
    expect(body.corp.signature).toMatch(/^[0-9a-f]{40}$/);
  });

  it('serves the built page, its assets and the prebuilt bridge', async () => {
    const res = await fetch(`${url}/orders/DEMO-1001`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<script src="/__sim/bridge.js"></script>');
    const script = /<script type="module"[^>]*\ssrc="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    const bridge = await fetch(`${url}/__sim/bridge.js`);
    expect(bridge.status).toBe(200);
    expect(await bridge.text()).toContain('WeixinJSBridge');
  });

  it("serves the Feishu simulator's phone page and its script from the bundle", async () => {
    const customer = 'ou_bb87e4ce9c3ab232b4d6d93115c2de61'; // DEMO_FEISHU's 陈晓明
    const page = await fetch(`${url}/__feishu-sim/phone?customer=${customer}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/__feishu-sim/phone.js"></script>');
    const script = await fetch(`${url}/__feishu-sim/phone.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const text = await script.text();
    expect(text).toContain("api('POST', '/open-bot')");
    expect(() => new Function(text)).not.toThrow();
  });
});
