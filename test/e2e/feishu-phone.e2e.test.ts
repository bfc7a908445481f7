/**
 * The Feishu route in Chromium, in demo mode (the Feishu simulator on the server's own port): the
 * customer opens the simulated Feishu phone (/__feishu-sim/phone), opens the bot, types the
 * order's code, and the order's group appears on the phone and on GET /api/v1/orders/:id.
 *
 * Needs /usr/bin/chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderResponse } from '@kequn/contracts';
import { DEMO_FEISHU } from '@kequn/feishu-sim';
import type { RunningServer } from '../../apps/server/src/server';
import { launchChromium } from '../support/browser';
import { startDemoServer } from '../support/demo-server';

const API_KEY = 'e2e-feishu-key-0123456789abcdef';
const ORDER = 'DEMO-2001';
const CUSTOMER = DEMO_FEISHU.customers.chenXiaoming;
const POLL = { timeout: 20_000, interval: 100 };

let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function readOrder(): Promise<OrderResponse> {
  const res = await fetch(`${server.url}/api/v1/orders/${ORDER}`, { headers: { authorization: `Bearer ${API_KEY}` } });
  expect(res.status).toBe(200);
  return OrderResponse.parse(await res.json());
}

beforeAll(async () => {
  server = await startDemoServer({ API_KEYS: API_KEY });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 900, height: 860 } });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  // A script the CSP refused shows up as a console error, not as a page error.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
  });
  // The browser asks for /favicon.ico by itself; anything else failing is the page's fault.
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) pageErrors.push(`${r.status()} ${r.url()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the Feishu phone in demo mode', () => {
  it('customer opens the bot, types the order code, and the group exists', async () => {
    const before = await readOrder();
    expect(before.group).toBeNull();
    const code = before.feishu?.bindCode ?? '';
    expect(code).toMatch(/^[A-Z0-9]{6}$/);

    await page.goto(`${server.url}/__feishu-sim/phone?customer=${CUSTOMER.openId}`);
    await expect.poll(() => page.textContent('#status'), POLL).toContain('尚未打开机器人');
    await expect.poll(() => page.isDisabled('#text')).toBe(true);

    await page.click('#open-bot');
    const bubbles = page.locator('[data-sim="message"]');
    await expect.poll(() => bubbles.allTextContents().then((t) => t.join('\n')), POLL).toContain('请发送您的订单码');

    await page.fill('#text', `你好，我的订单码是 ${code.toLowerCase()}`);
    await page.click('#send');
    await expect.poll(() => bubbles.allTextContents().then((t) => t.join('\n')), POLL).toContain('已为您关联订单');

    const group = page.locator('[data-sim="group"]');
    await expect.poll(() => group.count(), POLL).toBe(1);
    expect(await group.textContent()).toContain('陈先生企业版开通群');
    expect(await group.textContent()).toContain('外部群 · 3 人');
    const shownChatId = await group.getAttribute('data-chat-id');

    const after = await readOrder();
    expect(after.group).toMatchObject({ chatId: shownChatId, platform: 'feishu', route: 'feishu_bot' });
    expect(after.group?.createdBy).toBe(DEMO_FEISHU.staff.zhangsan.openId);
    expect(after.feishu?.linkedCustomers).toEqual([CUSTOMER.openId]);
    expect(after.group?.members.map((m) => m.id)).toContain(CUSTOMER.openId);
    expect(pageErrors).toEqual([]);
  });
});
