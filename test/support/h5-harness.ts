import { afterAll, beforeAll } from 'vitest';
/**
 * The H5 page in Chromium over the real server in demo mode: one server and one browser per test
 * file, a "phone" (browser context, 390×780) per device, the business API and a WeCom API view of
 * the simulator's groups. Needs /usr/bin/chromium and apps/h5/dist (pnpm --filter @kequn/h5 build).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OrderResponse, type UpsertOrderRequest } from '@kequn/contracts';
import { DEMO_CORP, simControl, type SimControl } from '@kequn/wecom-sim';
import { DEFAULT_H5_DIST } from '../../apps/server/src/h5/h5-routes';
import type { RunningServer } from '../../apps/server/src/server';
import { launchChromium } from './browser';
import { startDemoServer } from './demo-server';
import { ROOT } from './processes';

/** Every run writes here (ignored by git); UPDATE_SCREENSHOTS=1 also refreshes the committed docs/screenshots. */
export const SCREENSHOT_DIRS = [
  join(ROOT, 'test', 'artifacts', 'screenshots'),
  ...(process.env.UPDATE_SCREENSHOTS === '1' ? [join(ROOT, 'docs', 'screenshots')] : []),
];

/** A phone-sized page: what the screenshots in docs/screenshots show. */
export const PHONE_VIEWPORT = { width: 390, height: 780 } as const;

/** The page's hooks (data-testid). */
export const hook = (id: string) => `[data-testid="${id}"]`;

export interface Phone {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, for the failure message. */
  errors: string[];
  /** Every URL the page navigated to (documents only), in order. */
  navigations: string[];
  close(): Promise<void>;
}

export interface GroupChat {
  chatId: string;
  name: string;
  owner: string;
  memberIds: string[];
}

export interface H5World {
  product: RunningServer;
  browser: Browser;
  sim: SimControl;
  /** Where the page is served and signed (PUBLIC_URL's default: http://localhost:<port>). */
  base: string;
  orderUrl(orderId: string): string;
  /** The business system registers an order (PUT /api/v1/orders/:orderId with its API key). */
  putOrder(orderId: string, order: UpsertOrderRequest): Promise<OrderResponse>;
  /** The business system reads an order and its group (GET /api/v1/orders/:orderId). */
  getOrder(orderId: string): Promise<OrderResponse>;
  /** A new device: its own cookies (so it signs in on its own), phone-sized. */
  phone(): Promise<Phone>;
  /** The simulator's customer groups, as the WeCom API (groupchat/list + get) reports them. */
  customerGroups(): Promise<GroupChat[]>;
  close(): Promise<void>;
}

export const POLL = { timeout: 10_000, interval: 100 };

/** Zhang San (the simulator's signed-in staff member) and Li Si serve 陈晓明, found by his mobile. */
export const chenOrder = (title: string): UpsertOrderRequest => ({
  title,
  customer: { mobile: '13800138001', name: '陈晓明' },
  staffUserIds: ['zhangsan', 'lisi'],
});

/** One server and one browser per test file: started before its tests, closed after them. */
export function useH5World(): { readonly current: H5World } {
  const holder = {} as { current: H5World };
  beforeAll(async () => {
    holder.current = await startH5World();
  });
  afterAll(async () => {
    await holder.current?.close();
  });
  return holder;
}

/** How often the simulator served `path`, and its customer groups with a given name. */
export const simCalls = async (world: H5World, path: string) => (await world.sim.calls())[path] ?? 0;
export const groupsNamed = async (world: H5World, name: string) =>
  (await world.customerGroups()).filter((g) => g.name === name);

export async function startH5World(env: Record<string, string> = {}): Promise<H5World> {
  if (!existsSync(join(DEFAULT_H5_DIST, 'index.html'))) {
    throw new Error('apps/h5/dist is missing: run pnpm --filter @kequn/h5 build first');
  }
  const apiKey = `kq_e2e_${randomBytes(16).toString('hex')}`;
  const product = await startDemoServer({ API_KEYS: apiKey, ...env });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    await product.close();
    throw err;
  }
  const base = product.publicUrl;
  const sim = simControl(product.url);
  const phones = new Set<Phone>();

  const business = async (method: 'GET' | 'PUT', orderId: string, body?: unknown): Promise<OrderResponse> => {
    const res = await fetch(`${product.url}/api/v1/orders/${encodeURIComponent(orderId)}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /api/v1/orders/${orderId} answered ${res.status}: ${text}`);
    return OrderResponse.parse(JSON.parse(text));
  };

  const wecomApi = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const tokenRes = await fetch(
      `${product.url}/cgi-bin/gettoken?corpid=${DEMO_CORP.corpId}&corpsecret=${encodeURIComponent(DEMO_CORP.secret)}`,
    );
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const res = await fetch(`${product.url}/cgi-bin${path}?access_token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (json.errcode !== 0) throw new Error(`${path} answered ${JSON.stringify(json)}`);
    return json;
  };

  return {
    product,
    browser,
    sim,
    base,
    orderUrl: (orderId) => `${base}/orders/${encodeURIComponent(orderId)}`,
    putOrder: (orderId, order) => business('PUT', orderId, order),
    getOrder: (orderId) => business('GET', orderId),
    async phone() {
      const context = await browser.newContext({
        viewport: PHONE_VIEWPORT,
        deviceScaleFactor: 1,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      const page = await context.newPage();
      const errors: string[] = [];
      const navigations: string[] = [];
      page.on('pageerror', (e) => errors.push(`[pageerror] ${e.message}`));
      page.on('console', (m) => {
        // Chromium logs every 4xx/5xx response too; a first visit's 401 (no session yet) is expected.
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
          errors.push(`[console] ${m.text()}`);
      });
      page.on('request', (r) => {
        if (r.isNavigationRequest() && r.frame() === page.mainFrame()) navigations.push(r.url());
      });
      const phone: Phone = {
        context,
        page,
        errors,
        navigations,
        async close() {
          phones.delete(phone);
          await context.close();
        },
      };
      phones.add(phone);
      return phone;
    },
    async customerGroups() {
      const list = await wecomApi('/externalcontact/groupchat/list', { limit: 1000 });
      const ids = (list.group_chat_list as Array<{ chat_id: string }>).map((g) => g.chat_id);
      return Promise.all(
        ids.map(async (chatId) => {
          const { group_chat: g } = (await wecomApi('/externalcontact/groupchat/get', { chat_id: chatId })) as {
            group_chat: { name: string; owner: string; member_list: Array<{ userid: string }> };
          };
          return { chatId, name: g.name, owner: g.owner, memberIds: g.member_list.map((m) => m.userid) };
        }),
      );
    },
    async close() {
      for (const phone of [...phones]) await phone.close().catch(() => undefined);
      await browser.close();
      await product.close();
    },
  };
}

/**
 * Opens an order's page and waits until it has settled: the order shown (group-status) or a
 * failure (error-message). A first visit without a session passes through WeCom OAuth on the way.
 */
export async function openOrderPage(world: H5World, phone: Phone, orderId: string): Promise<void> {
  await phone.page.goto(world.orderUrl(orderId));
  await settled(phone.page);
}

export async function settled(page: Page): Promise<void> {
  await page
    .locator(`${hook('group-status')}, ${hook('error-message')}`)
    .first()
    .waitFor({ state: 'visible' });
}

/** Saves the page as <name>.png (390×780 at scale 1) in SCREENSHOT_DIRS. */
export async function screenshot(page: Page, name: string): Promise<void> {
  // Let Vant's transitions and the bridge's toast animation finish before the picture.
  await page.waitForTimeout(300);
  const png = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  for (const dir of SCREENSHOT_DIRS) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.png`), png);
  }
}

/** Rows of text of a list of elements, trimmed (for readable assertions). */
export async function texts(page: Page, selector: string): Promise<string[]> {
  return (await page.locator(selector).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}
