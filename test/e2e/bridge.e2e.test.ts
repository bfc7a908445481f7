/**
 * The unmodified @wecom/jssdk, in headless Chromium, registering through the simulator's bridge
 * with signatures from kequn's own signer. The product runs in demo mode (simulator mounted);
 * a second origin serves the test page and the SDK's UMD build, and asks the product's
 * GET /api/jssdk/signatures for its signatures, as a page on a TRUSTED_ORIGINS origin would.
 *
 * Needs Debian chromium at /usr/bin/chromium (apt-get install -y chromium).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageSignatures, type JsapiSignature } from '@kequn/contracts';
import { DEMO_CORP, simControl } from '@kequn/wecom-sim';
import { bridgeScriptTag } from '@kequn/wecom-sim/bridge';
import { JS_API_LIST } from '../../apps/h5/src/wecom/sdk';
import type { RunningServer } from '../../apps/server/src/server';
import { launchChromium } from '../support/browser';
import { freePort } from '../support/processes';
import { startDemoServer } from '../support/demo-server';

type TicketKind = 'corp' | 'agent';

const JSSDK_DIST = join(dirname(createRequire(import.meta.url).resolve('@wecom/jssdk/package.json')), 'dist');

/** What the page's getAgentConfigSignature / getConfigSignature get, when a test wants to lie. */
let signatureOverride: ((kind: TicketKind, url: string) => Promise<JsapiSignature>) | null = null;

function testPage(): string {
  const options = { corpId: DEMO_CORP.corpId, agentId: DEMO_CORP.agentId, jsApiList: JS_API_LIST };
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>桥接测试页</title>
${bridgeScriptTag(product.url)}
<script src="/vendor/wecom.global.js"></script>
<script>
  // ww.register leaves its failed config promise unhandled (SDK behaviour); the result reaches
  // onAgentConfigFail, so keep the console quiet about it.
  window.addEventListener('unhandledrejection', function (e) { if (e.reason && e.reason.errMsg) e.preventDefault(); });
  function signature(kind) {
    return function (url) {
      return fetch('/__test/signature?kind=' + kind + '&url=' + encodeURIComponent(url)).then(function (r) { return r.json(); });
    };
  }
  function plain(e) { return e && { errMsg: e.errMsg, errCode: e.errCode, message: e.message }; }
  window.__agentConfig = new Promise(function (resolve) {
    ww.register(Object.assign(${JSON.stringify(options)}, {
      getConfigSignature: signature('corp'),
      getAgentConfigSignature: signature('agent'),
      onAgentConfigSuccess: function (res) { resolve({ ok: true, res: res }); },
      onAgentConfigFail: function (err) { resolve({ ok: false, err: plain(err) }); }
    }));
  });
</script>
</head>
<body><h1>订单页</h1></body>
</html>`;
}

let browser: Browser;
let server: Server;
let baseUrl: string;
let product: RunningServer;

/** kequn's signer, asked over HTTP exactly as the H5 page asks it. */
async function sign(kind: TicketKind, url: string): Promise<JsapiSignature> {
  const res = await fetch(`${product.url}/api/jssdk/signatures?url=${encodeURIComponent(url)}`);
  if (!res.ok) throw new Error(`signer answered ${res.status}: ${await res.text()}`);
  return PageSignatures.parse(await res.json())[kind];
}

beforeAll(async () => {
  const pagePort = await freePort();
  baseUrl = `http://127.0.0.1:${pagePort}`;
  product = await startDemoServer({ TRUSTED_ORIGINS: baseUrl });

  const app = express();
  app.get('/page', (_req, res) => {
    res.type('html').send(testPage());
  });
  app.use('/vendor', express.static(JSSDK_DIST));
  app.get('/__test/signature', async (req, res) => {
    const kind: TicketKind = req.query.kind === 'corp' ? 'corp' : 'agent';
    res.json(await (signatureOverride ?? sign)(kind, String(req.query.url)));
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(pagePort, '127.0.0.1', () => resolve(s));
  });
  expect((server.address() as AddressInfo).port).toBe(pagePort);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await product?.close();
});

async function openPage(path = '/page?order=A1001'): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(`${baseUrl}${path}`);
  return page;
}

type AgentConfigOutcome =
  { ok: true; res: { errMsg: string } } | { ok: false; err: { errMsg: string; errCode: number } };

function agentConfigOutcome(page: Page): Promise<AgentConfigOutcome> {
  return page.evaluate(() => (window as unknown as { __agentConfig: Promise<AgentConfigOutcome> }).__agentConfig);
}

/** Runs `ww.<api>(params)` in the page; a rejection comes back as `{rejected: errMsg}`. */
function callWw(page: Page, api: string, params: unknown = {}): Promise<Record<string, unknown>> {
  return page.evaluate(
    ([name, p]) => {
      const ww = (window as unknown as { ww: Record<string, (p: unknown) => Promise<Record<string, unknown>>> }).ww;
      const fn = ww[name as string];
      if (!fn) throw new Error(`ww.${String(name)} missing`);
      return fn(p).then(
        (r) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>,
        (e: { errMsg?: string; errCode?: number }) => ({ rejected: e.errMsg, errCode: e.errCode }),
      );
    },
    [api, params] as const,
  );
}

describe('bridge + @wecom/jssdk in Chromium', () => {
  it('registers with correct signatures, then JSAPIs work', async () => {
    signatureOverride = null;
    const page = await openPage();
    expect(await page.evaluate(() => /wxwork\//.test(navigator.userAgent))).toBe(true);
    const outcome = await agentConfigOutcome(page);
    expect(outcome).toMatchObject({ ok: true, res: { errMsg: 'agentConfig:ok' } });

    const ctx = await callWw(page, 'getContext');
    expect(ctx).toMatchObject({ errMsg: 'getContext:ok', errCode: 0 });
    expect(ctx.entry).toBe('normal'); // the simulator's default entry
    await page.close();
  });

  it('fails with invalid signature when the signature was made for another URL', async () => {
    signatureOverride = (kind, url) => sign(kind, `${url}&tampered=1`);
    try {
      const page = await openPage();
      const outcome = await agentConfigOutcome(page);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.err.errMsg).toMatch(/^agentConfig:invalid signature/);
      expect(outcome.err.errCode).toBe(40093);
      // Every later call retries agentConfig and rejects with the same error.
      const ctx = await callWw(page, 'getContext');
      expect(String(ctx.rejected)).toMatch(/^agentConfig:invalid signature/);
      await page.close();
    } finally {
      signatureOverride = null;
    }
  });

  it('openEnterpriseChat with two others creates a group and returns its chatId', async () => {
    const page = await openPage('/page?order=A2002');
    expect((await agentConfigOutcome(page)).ok).toBe(true);
    const res = await callWw(page, 'openEnterpriseChat', {
      groupName: '订单 A2002 服务群',
      userIds: ['lisi'],
      externalUserIds: ['wmeghYYEOCGRYgq0ApDyYYyU5obAOvu4'],
    });
    expect(res).toMatchObject({ errMsg: 'openEnterpriseChat:ok', errCode: 0 });
    expect(res.chatId).toEqual(expect.any(String));
    expect(String(res.chatId)).not.toBe('');
    await expect.poll(() => page.locator('[data-sim=toast]').textContent()).toContain('已创建群聊 订单 A2002 服务群');
    await page.close();
  });

  it('selectEnterpriseContact shows the picker; confirm and cancel behave like WeCom', async () => {
    const page = await openPage('/page?order=picker');
    expect((await agentConfigOutcome(page)).ok).toBe(true);

    const picked = callWw(page, 'selectEnterpriseContact', { fromDepartmentId: -1, mode: 'multi', type: ['user'] });
    await page.locator('[data-sim=picker-item][data-id=lisi]').check();
    await page.locator('[data-sim=picker-item][data-id=wangwu]').check();
    await page.locator('[data-sim=picker-confirm]').click();
    const res = await picked;
    expect(res).toMatchObject({ errMsg: 'selectEnterpriseContact:ok' });
    expect(res.result).toMatchObject({
      userList: [
        { id: 'lisi', name: '李四' },
        { id: 'wangwu', name: '王五' },
      ],
    });
    expect(await page.locator('[data-sim=picker]').count()).toBe(0);

    const cancelled = callWw(page, 'selectExternalContact', { filterType: 0 });
    await page.locator('[data-sim=picker-cancel]').click();
    expect(await cancelled).toMatchObject({ rejected: 'selectExternalContact:cancel' });
    await page.close();
  });

  it('the phone frame shows the page, and the bridge works inside the iframe', async () => {
    const page = await browser.newPage();
    await page.goto(`${product.url}/__sim/phone?url=${encodeURIComponent(`${baseUrl}/page?order=phone`)}`);
    const frame = page.frameLocator('#page');
    // The test page is on another origin, so the frame keeps its default title.
    await expect.poll(() => page.locator('#title').textContent()).toBe('企业微信');
    await expect(frame.locator('h1').textContent()).resolves.toBe('订单页');
    const inner = page.frames().find((f) => f.url().includes('/page?order=phone'));
    expect(inner).toBeDefined();
    const outcome = await inner!.evaluate(
      () => (window as unknown as { __agentConfig: Promise<{ ok: boolean }> }).__agentConfig,
    );
    expect(outcome.ok).toBe(true);
    if (process.env.BRIDGE_SCREENSHOT) {
      // Left open on purpose: the page closes under it.
      inner!
        .evaluate(() =>
          (window as unknown as { ww: { selectExternalContact(): Promise<unknown> } }).ww.selectExternalContact(),
        )
        .catch(() => {});
      await frame.locator('[data-sim=picker]').waitFor();
      await page.screenshot({ path: process.env.BRIDGE_SCREENSHOT });
    }
    await page.close();
  });

  // Last: it leaves the simulator's clock ahead of the signer's cached tickets.
  it('fails with invalid signature when the ticket went stale', async () => {
    const page = await browser.newPage();
    const url = `${baseUrl}/page?order=stale`;
    const stale = await sign('agent', url);
    // WeCom's clock moves past the ticket's 7200 s while our signer still holds that ticket.
    await simControl(product.url).advanceClock(7201);
    signatureOverride = async () => stale;
    try {
      await page.goto(url);
      const outcome = await agentConfigOutcome(page);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.err.errMsg).toMatch(/^agentConfig:invalid signature/);
    } finally {
      signatureOverride = null;
      await page.close();
    }
  });
});
