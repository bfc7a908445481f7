/**
 * The managers' console opened inside WeCom, in Chromium over the real server (WeCom mode against
 * the simulator): WeCom's in-app browser says `wxwork/…` in its user agent, so the console signs
 * in with WeCom OAuth (snsapi_base, silent) instead of web login, and lands where it was opened,
 * signed in. A staff member who is no manager comes through OAuth too and is refused, in Chinese.
 *
 * Needs /usr/bin/chromium and the console build (pnpm --filter @kequn/console build).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER_IDS as C } from '@kequn/wecom-sim';
import { startHarness, type Harness } from '../../apps/server/src/testing/harness';
import { launchChromium } from '../support/browser';

const BUILT = existsSync(fileURLToPath(new URL('../../apps/console/dist/index.html', import.meta.url)));
const hook = (id: string) => `[data-testid="${id}"]`;

/** What WeCom's in-app browsers send (the phone app and the Windows desktop client). */
const WECOM_PHONE = {
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1 NetType/WIFI Language/zh ColorScheme/Light',
  viewport: { width: 390, height: 780 },
};
const WECOM_DESKTOP = {
  userAgent:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36 wxwork/4.1.22 (MicroMessenger/6.2) WindowsWechat MailPlugin_Electron WeMail embeddisabled',
  viewport: { width: 1400, height: 900 },
};

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  if (!BUILT) throw new Error('apps/console/dist is missing: pnpm --filter @kequn/console build');
  h = await startHarness({ env: { ADMIN_USER_IDS: 'zhouba' } });
  browser = await launchChromium();
  const put = await h.business('PUT', '/api/v1/orders/E2E-OAUTH-1', {
    title: '空调清洗',
    customer: { externalUserId: C.chenXiaoming, name: '陈晓明' },
    staffUserIds: ['zhangsan'],
  });
  expect(put.status).toBe(201);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const signIns = async () => (await h.control.calls())['/cgi-bin/auth/getuserinfo'] ?? 0;

/** `userId` is signed in to WeCom on that device and opens the console from the workbench. */
async function openInsideWecom(
  device: typeof WECOM_PHONE,
  userId: string,
  path: string,
): Promise<{ page: Page; paths: string[] }> {
  await h.control.setSession({ userId });
  const context = await browser.newContext({ locale: 'zh-CN', ...device });
  const page = await context.newPage();
  const paths: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      paths.push(new URL(request.url()).pathname);
    }
  });
  await page.goto(`${h.base}${path}`);
  return { page, paths };
}

describe('the console opened inside WeCom', () => {
  it('an admin on the phone signs in silently by OAuth and lands on the page they opened, signed in', async () => {
    const before = await signIns();
    const { page, paths } = await openInsideWecom(WECOM_PHONE, 'zhouba', '/console/orders?q=E2E-OAUTH');
    await page.locator(hook('orders-view')).waitFor();
    expect(paths).toEqual([
      '/console/orders',
      '/auth/wecom/start',
      '/connect/oauth2/authorize',
      '/auth/wecom/callback',
      '/console/orders',
    ]);
    expect(paths).not.toContain('/wwlogin/sso/login');
    const landed = new URL(page.url());
    expect(`${landed.pathname}${landed.search}`).toBe('/console/orders?q=E2E-OAUTH');
    expect(await signIns()).toBe(before + 1);
    expect(await page.locator(hook('me')).innerText()).toContain('管理员');
    await page.locator(hook('order-E2E-OAUTH-1')).waitFor();
    const api = await page.evaluate(async () => (await fetch('/api/console/orders')).status);
    expect(api).toBe(200);
    await page.context().close();
  }, 60_000);

  it('a staff member who is no manager, in the desktop client, comes through OAuth and is refused in Chinese', async () => {
    const { page, paths } = await openInsideWecom(WECOM_DESKTOP, 'zhangsan', '/console/orders');
    await page.locator(hook('forbidden')).waitFor();
    expect(paths).toEqual(expect.arrayContaining(['/auth/wecom/start', '/connect/oauth2/authorize']));
    expect(paths).not.toContain('/auth/wecom/web-start');
    expect(await page.locator(hook('forbidden')).innerText()).toContain('无权访问控制台');
    expect(await page.locator(hook('orders-view')).count()).toBe(0);
    const api = await page.evaluate(async () => (await fetch('/api/console/orders')).status);
    expect(api).toBe(403);
    await page.context().close();
  }, 60_000);
});
