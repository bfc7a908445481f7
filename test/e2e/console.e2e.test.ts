/**
 * The managers' console in Chromium over the real server (WeCom mode against the simulator):
 * an admin signs in through WeCom web login (扫码登录), finds an order without a group, retries a
 * parked callback and redelivers a failed webhook of an order; a staff member is refused.
 *
 * Needs /usr/bin/chromium and the console build (pnpm --filter @kequn/console build).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER_IDS as C } from '@kequn/wecom-sim';
import { eventually, startHarness, type Harness } from '../../apps/server/src/testing/harness';
import { launchChromium } from '../support/browser';

const BUILT = existsSync(fileURLToPath(new URL('../../apps/console/dist/index.html', import.meta.url)));
const POLL = { timeout: 10_000, interval: 50 };
const hook = (id: string) => `[data-testid="${id}"]`;

let h: Harness;
let browser: Browser;
let failedEventId = '';

beforeAll(async () => {
  if (!BUILT) throw new Error('apps/console/dist is missing: pnpm --filter @kequn/console build');
  h = await startHarness({ env: { ADMIN_USER_IDS: 'zhouba' } });
  browser = await launchChromium();
  const put = (id: string, title: string) =>
    h.business('PUT', `/api/v1/orders/${id}`, {
      title,
      customer: { externalUserId: C.chenXiaoming, name: '陈晓明' },
      staffUserIds: ['zhangsan'],
    });
  await put('E2E-CON-1', '空调安装');
  await put('E2E-CON-2', '热水器维修');
  const staff = await h.signIn('zhangsan');
  const { chatId } = await h.control.createGroup({ owner: 'zhangsan', name: 'E2E-CON-2' });
  expect((await staff.post('/api/orders/E2E-CON-2/group', { chatId })).status).toBe(201);
  await eventually(async () => h.hooks.ofType('group.created', 'E2E-CON-2').length === 1);
  // A webhook that gave up and a callback parked, as the workers leave them.
  const db = h.server.database.db;
  const now = new Date();
  const event = await db
    .selectFrom('webhook_outbox')
    .select('id')
    .where('event_type', '=', 'group.created')
    .executeTakeFirstOrThrow();
  failedEventId = event.id;
  await db
    .updateTable('webhook_outbox')
    .set({ done_at: null, failed_at: now, attempts: 8, last_error: 'HTTP 503 from the business system' })
    .where('id', '=', event.id)
    .execute();
  await db
    .insertInto('callback_events')
    .values({
      id: 'e2e-parked-1',
      event: 'change_external_chat',
      fields: JSON.stringify({ ChangeType: 'update', ChatId: chatId }),
      received_at: now,
      next_attempt_at: now,
      attempts: 5,
      failed_at: now,
      last_error: 'groupchat/get timed out',
    })
    .execute();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Opens the console signed out and picks `userId` on WeCom's web-login page. */
async function signInThroughWebLogin(userId: string): Promise<{ page: Page; paths: string[] }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const paths: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest()) paths.push(new URL(request.url()).pathname);
  });
  await page.goto(`${h.base}/console/orders`);
  // The desktop client's signed-in member (#sim-login-session) or someone scanning.
  await page.locator(`a[data-userid="${userId}"]`).click();
  return { page, paths };
}

describe('the managers’ console', () => {
  it('an admin signs in by web login, finds the order without a group, retries a parked callback and redelivers a failed webhook', async () => {
    const { page, paths } = await signInThroughWebLogin('zhouba');
    await page.locator(hook('orders-view')).waitFor();
    expect(paths).toEqual(
      expect.arrayContaining([
        '/console/orders',
        '/auth/wecom/web-start',
        '/wwlogin/sso/login',
        '/auth/wecom/callback',
      ]),
    );
    expect(new URL(page.url()).pathname).toBe('/console/orders');
    expect(await page.locator(hook('me')).innerText()).toContain('管理员');

    // Orders without a group.
    await page.locator(hook('status-filter')).getByText('未建群').click();
    await expect.poll(() => page.locator(hook('order-E2E-CON-2')).count(), POLL).toBe(0);
    expect(await page.locator(hook('status-E2E-CON-1')).innerText()).toBe('未建群');

    // The parked callback goes back to the worker.
    await page.locator(hook('nav-failures')).click();
    await page.locator(hook('retry-e2e-parked-1')).click();
    await expect.poll(() => page.locator(hook('retry-e2e-parked-1')).count(), POLL).toBe(0);
    expect(await page.locator(hook('webhooks-count')).innerText()).toBe('1');

    // The order's failed webhook, redelivered from the order's page.
    await page.locator(hook('webhooks')).getByText('E2E-CON-2').click();
    await page.locator(hook('order-title')).waitFor();
    expect(await page.locator(hook(`delivery-${failedEventId}`)).innerText()).toBe('失败');
    const before = h.hooks.ofType('group.created', 'E2E-CON-2').length;
    await page.locator(hook(`redeliver-${failedEventId}`)).click();
    await eventually(async () => h.hooks.ofType('group.created', 'E2E-CON-2').length === before + 1);
    await page.reload();
    await expect.poll(() => page.locator(hook(`delivery-${failedEventId}`)).innerText(), POLL).toBe('已送达');

    // Both actions are in the log.
    await page.locator(hook('nav-audit')).click();
    await expect.poll(() => page.locator(hook('audit')).innerText(), POLL).toContain('重试回调');
    expect(await page.locator(hook('audit')).innerText()).toContain('重新投递 Webhook');
    await page.context().close();
  }, 60_000);

  it('a staff member who is no manager is refused, in Chinese', async () => {
    const { page } = await signInThroughWebLogin('zhangsan');
    await page.locator(hook('forbidden')).waitFor();
    expect(await page.locator(hook('forbidden')).innerText()).toContain('无权访问控制台');
    const api = await page.evaluate(async () => (await fetch('/api/console/orders')).status);
    expect(api).toBe(403);
    await page.context().close();
  }, 60_000);
});
