/**
 * The unmodified @wecom/jssdk in headless Chromium, talking to the bridge and the simulator on
 * one origin: updateEnterpriseChat and scanQRCode (preset, the 模拟扫一扫 overlay, needResult 0).
 * Needs Debian chromium at /usr/bin/chromium (apt-get install -y chromium).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../test/support/browser';
import type { Simulator } from '../app';
import { jsapiSignature } from '../client-api/jsapi-signature';
import { DEMO_CORP } from '../corp/config';
import { DEMO_CHAT_IDS as G } from '../corp/demo-seed';
import { cgiGet, testSimulator, tokenFor } from '../test-helpers';
import { bridgeRouter, bridgeScriptTag } from './index';

const JSSDK_DIST = join(dirname(createRequire(import.meta.url).resolve('@wecom/jssdk/package.json')), 'dist');
const JS_API_LIST = ['updateEnterpriseChat', 'scanQRCode'];

let sim: Simulator;
let browser: Browser;
let server: Server;
let baseUrl: string;

function testPage(): string {
  const options = { corpId: DEMO_CORP.corpId, agentId: DEMO_CORP.agentId, jsApiList: JS_API_LIST };
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>扫码测试页</title>
${bridgeScriptTag()}
<script src="/vendor/wecom.global.js"></script>
<script>
  window.__ready = new Promise(function (resolve) {
    ww.register(Object.assign(${JSON.stringify(options)}, {
      getAgentConfigSignature: function (url) {
        return fetch('/__test/signature?url=' + encodeURIComponent(url)).then(function (r) { return r.json(); });
      },
      onAgentConfigSuccess: function () { resolve(true); },
      onAgentConfigFail: function (e) { resolve(e.errMsg); }
    }));
  });
</script></head><body><h1>订单页</h1></body></html>`;
}

async function agentSignature(url: string) {
  const token = await tokenFor(sim);
  const ticket = (await cgiGet(sim, '/ticket/get', { access_token: token, type: 'agent_config' })).body.ticket;
  const timestamp = Math.floor(sim.clock.now() / 1000);
  const nonceStr = 'browser-test';
  return { timestamp, nonceStr, signature: jsapiSignature({ ticket, nonceStr, timestamp, url }) };
}

beforeAll(async () => {
  const app = express();
  app.get('/page', (_req, res) => {
    res.type('html').send(testPage());
  });
  app.use('/vendor', express.static(JSSDK_DIST));
  app.get('/__test/signature', async (req, res) => {
    res.json(await agentSignature(String(req.query.url)));
  });
  app.use(bridgeRouter());
  // The simulator changes per test; route to the current one.
  app.use((req, res, next) => sim.app(req, res, next));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

beforeEach(() => {
  sim = testSimulator({ trustedOrigins: [baseUrl] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(`${baseUrl}/page?order=A1001`);
  expect(await page.evaluate(() => (window as unknown as { __ready: Promise<unknown> }).__ready)).toBe(true);
  return page;
}

/** Starts `ww.<api>(params)` and returns a handle to await its outcome later. */
async function start(page: Page, api: string, params: unknown): Promise<() => Promise<Record<string, unknown>>> {
  await page.evaluate(
    ([name, p]) => {
      const w = window as unknown as Record<string, unknown> & { ww: Record<string, (p: unknown) => Promise<unknown>> };
      w.__call = w.ww[name as string]!(p).then(
        (r) => JSON.parse(JSON.stringify(r)),
        (e: { errMsg?: string }) => ({ rejected: e.errMsg }),
      );
    },
    [api, params] as const,
  );
  return () => page.evaluate(() => (window as unknown as { __call: Promise<Record<string, unknown>> }).__call);
}

describe('bridge in Chromium: updateEnterpriseChat and scanQRCode', () => {
  it('checkJsApi reports both; updateEnterpriseChat adds staff to the customer group', async () => {
    const page = await openPage();
    const check = await (await start(page, 'checkJsApi', { jsApiList: JS_API_LIST }))();
    expect(check.checkResult).toMatchObject({ updateEnterpriseChat: true, scanQRCode: true });
    const done = await start(page, 'updateEnterpriseChat', { chatId: G.orderGroup, userIdsToAdd: ['lisi', 'zhaoliu'] });
    expect(await done()).toMatchObject({ errMsg: 'updateEnterpriseChat:ok' });
    expect(sim.state.groups.require(G.orderGroup).members.map((m) => m.id)).toContain('zhaoliu');
    await expect.poll(() => page.locator('[data-sim=toast]').textContent()).toContain('已添加 2 位成员');
    const refused = await start(page, 'updateEnterpriseChat', { chatId: G.vipGroup, userIdsToAdd: ['sunqi'] });
    expect(await refused()).toEqual({ rejected: 'updateEnterpriseChat:not in chat' });
    await page.close();
  });

  it('scanQRCode answers a preset, then asks through the overlay (确定 / 取消)', async () => {
    const page = await openPage();
    await request(sim.app).post('/__sim/scanner/preset').send({ resultStr: 'PRESET-1' }).expect(200);
    const preset = await start(page, 'scanQRCode', { needResult: true, scanType: ['qrCode', 'barCode'] });
    expect(await preset()).toMatchObject({ errMsg: 'scanQRCode:ok', resultStr: 'PRESET-1' });
    expect(await page.locator('[data-sim=scanner]').count()).toBe(0);

    const typed = await start(page, 'scanQRCode', { needResult: true });
    await page.locator('[data-sim=scanner-input]').fill('6901234567892');
    await page.locator('[data-sim=scanner-confirm]').click();
    expect(await typed()).toMatchObject({ errMsg: 'scanQRCode:ok', resultStr: '6901234567892' });

    const cancelled = await start(page, 'scanQRCode', { needResult: true });
    await page.locator('[data-sim=scanner-cancel]').click();
    expect(await cancelled()).toEqual({ rejected: 'scanQRCode:cancel' });
    expect(await page.locator('[data-sim=scanner]').count()).toBe(0);
    await page.close();
  });

  it('needResult 0 opens a picked suggestion in the page itself', async () => {
    const target = `${baseUrl}/page?order=A1002`;
    await request(sim.app)
      .post('/__sim/scanner/suggestions')
      .send({ suggestions: [{ label: '订单 A1002', resultStr: target }] })
      .expect(200);
    const page = await openPage();
    await start(page, 'scanQRCode', { needResult: false }); // its outcome leaves with the page
    await page.locator(`[data-sim=scanner-option][data-value="${target}"]`).click();
    await page.locator('[data-sim=scanner-confirm]').click();
    await page.waitForURL(target);
    expect(page.url()).toBe(target);
    await page.close();
  });
});
