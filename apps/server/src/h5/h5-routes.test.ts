// The HTML of /orders/:id with the first requests' answers in it (signed-in requests only), and
// the hashed assets compressed and cached for good: against the demo server, over HTTP.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER_IDS, simControl } from '@kequn/wecom-sim';
import { loadConfig } from '../config';
import { startServer, type RunningServer } from '../server';
import { signInCookie } from '../testing/harness';
import type { PagePreload } from './preload';

const ORDER = 'PRELOAD-1';
const HOSTILE = '</script><script>alert(1)</script><!--';
const APP_JS = 'console.log("the page")';
let running: RunningServer;
let dirs: string[] = [];
let zhangsan: string;

beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'kequn-h5-preload-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'kequn-h5-preload-data-'));
  dirs = [dist, dataDir];
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/app-a1.js"></script></head><body><div id="app"></div></body></html>',
  );
  writeFileSync(join(dist, 'assets', 'app-a1.js'), APP_JS);
  writeFileSync(join(dist, 'assets', 'app-a1.js.br'), brotliCompressSync(APP_JS));
  writeFileSync(join(dist, 'assets', 'app-a1.js.gz'), gzipSync(APP_JS));
  writeFileSync(join(dist, 'assets', 'plain-b2.css'), 'body{}');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  running = await startServer(config, pino({ level: 'silent' }), undefined, { h5DistDir: dist });
  const put = await fetch(`${running.url}/api/v1/orders/${ORDER}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${running.product.generatedApiKey ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: HOSTILE,
      customer: { externalUserId: DEMO_CUSTOMER_IDS.chenXiaoming },
      staffUserIds: ['zhangsan'],
    }),
  });
  expect(put.status).toBe(201);
  zhangsan = await signInAs('zhangsan');
});
afterAll(async () => {
  await running?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function signInAs(userId: string): Promise<string> {
  await simControl(running.url).setSession({ userId });
  return signInCookie(running.publicUrl, userId);
}

const page = (path: string, cookie?: string) =>
  fetch(`${running.publicUrl}${path}`, { headers: cookie ? { cookie } : {} });

/** The preload as the page's JSON.parse reads it, or null when there is none. */
function preloadOf(html: string): PagePreload | null {
  const found = /<script type="application\/json" id="kequn-preload">([^<]*)<\/script>/.exec(html);
  return found ? (JSON.parse(found[1] as string) as PagePreload) : null;
}

async function verify(signatures: PagePreload['signatures'], url: string) {
  const corp = signatures?.corp;
  return simControl(running.url).verifyJsapi({
    kind: 'corp',
    corpId: signatures?.corpId,
    url,
    timestamp: corp?.timestamp,
    nonceStr: corp?.nonceStr,
    signature: corp?.signature,
    jsApiList: [],
  });
}

describe('the HTML of /orders/:id for a signed-in staff member', () => {
  it('carries the staff member, the order view and signatures for its exact URL, and is never stored', async () => {
    const path = `/orders/${ORDER}?from=scan&x=%E4%B8%AD`;
    const res = await page(path, zhangsan);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const preload = preloadOf(await res.text());
    const url = `${running.publicUrl}${path}`;
    expect(preload?.url).toBe(url);
    expect(preload?.me).toMatchObject({ userId: 'zhangsan' });
    const fetched = await (await page(`/api/orders/${ORDER}`, zhangsan)).json();
    expect(preload?.order).toEqual(fetched);
    expect(await verify(preload?.signatures ?? null, url)).toEqual({ ok: true });
    expect((await verify(preload?.signatures ?? null, `${running.publicUrl}/orders/${ORDER}`)).ok).toBe(false);
  });

  it('holds the order title as data: one closing tag per script element, no ticket', async () => {
    const html = await (await page(`/orders/${ORDER}`, zhangsan)).text();
    expect(preloadOf(html)?.order?.title).toBe(HOSTILE);
    // The bridge's, the page's module script's and the preload's own closing tags only.
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).not.toMatch(/ticket/i);
  });

  it('leaves out an order the staff member is not on (the page asks and shows the 404 itself)', async () => {
    const lisi = await signInAs('lisi');
    const preload = preloadOf(await (await page(`/orders/${ORDER}`, lisi)).text());
    expect(preload?.me).toMatchObject({ userId: 'lisi' });
    expect(preload?.order).toBeNull();
    expect(preload?.signatures).not.toBeNull();
  });

  it('has no signatures when reached on an origin the server does not sign (the page asks and is told why)', async () => {
    const other = await fetch(`${running.url}/orders/${ORDER}`, { headers: { cookie: zhangsan } });
    const preload = preloadOf(await other.text());
    expect(preload?.url).toBe(`${running.url}/orders/${ORDER}`);
    expect(preload?.signatures).toBeNull();
    expect(preload?.order?.orderId).toBe(ORDER);
  });
});

describe('the HTML of /orders/:id without a valid session', () => {
  it('is the plain page, cacheable as before, for no cookie, a forged one or an ended session', async () => {
    const ended = await signInAs('wangwu');
    await fetch(`${running.url}/auth/logout`, {
      method: 'POST',
      headers: { cookie: ended, origin: running.publicUrl },
    });
    for (const cookie of [undefined, 'kequn_session=forged.value', ended]) {
      const res = await page(`/orders/${ORDER}`, cookie);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).not.toContain('kequn-preload');
    }
  });
});

describe('the hashed assets', () => {
  const asset = (path: string, encoding: string) =>
    fetch(`${running.url}${path}`, { headers: { 'accept-encoding': encoding } });

  it('come as the brotli or gzip copy the browser accepts, and are cached for good', async () => {
    for (const [accept, sent] of [
      ['gzip, deflate, br', 'br'],
      ['gzip, br;q=0', 'gzip'],
      ['identity', null],
    ] as const) {
      const res = await asset('/assets/app-a1.js', accept);
      expect(res.headers.get('content-encoding')).toBe(sent);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await res.text()).toBe(APP_JS);
    }
  });

  it('without compressed copies are sent as they are, still immutable; a missing one is a 404', async () => {
    const res = await asset('/assets/plain-b2.css', 'gzip, br');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await asset('/assets/nothing-c3.js', 'br')).status).toBe(404);
  });
});
