// Time from navigation to an enabled create-group button, in Debian's Chromium with 4× CPU
// throttling, against the real server in demo mode (simulated WeCom, bridge injected).
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
export const READY_TIMEOUT_MS = 20_000;
export const CPU_SLOWDOWN = 4;

/**
 * Runs in the page before its scripts: notes performance.now() (ms since navigation start) the
 * first moment the create-group button exists without `disabled`.
 */
export const READY_PROBE = `(() => {
  const check = () => {
    const b = document.querySelector('[data-testid="create-group"]');
    if (b && !b.disabled && window.__kequnReady === undefined) window.__kequnReady = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** Signs in once through the server's OAuth (the simulator answers silently); returns the cookies. */
export async function signIn(browser: Browser, pageUrl: string): Promise<Session> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(pageUrl);
  await page.waitForSelector('[data-testid="create-group"]:not([disabled])', { timeout: READY_TIMEOUT_MS });
  const state = await context.storageState();
  await context.close();
  return state;
}

type Session = Awaited<ReturnType<BrowserContext['storageState']>>;

async function throttledPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.addInitScript(READY_PROBE);
  return page;
}

async function load(page: Page, pageUrl: string): Promise<number> {
  await page.goto(pageUrl);
  const handle = await page.waitForFunction(() => (window as unknown as { __kequnReady?: number }).__kequnReady, null, {
    timeout: READY_TIMEOUT_MS,
    polling: 50,
  });
  return (await handle.jsonValue()) as number;
}

/** Cold loads: a fresh context each time (empty HTTP and code cache), the same session cookie. */
export async function timeColdLoads(
  browser: Browser,
  pageUrl: string,
  session: Session,
  count: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const context = await browser.newContext({ storageState: session });
    try {
      times.push(await load(await throttledPage(context), pageUrl));
    } finally {
      await context.close();
    }
  }
  return times;
}

/** Warm loads: one context, as a staff member's WeCom webview scanning order after order. */
export async function timeWarmLoads(
  browser: Browser,
  pageUrl: string,
  session: Session,
  count: number,
): Promise<number[]> {
  const context = await browser.newContext({ storageState: session });
  try {
    const page = await throttledPage(context);
    await load(page, pageUrl); // fills the HTTP and code caches; not counted
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(await load(page, pageUrl));
    return times;
  } finally {
    await context.close();
  }
}

/** Presses the button once on the real stack and reads what the page says: a functional check. */
export async function createOnce(browser: Browser, pageUrl: string, session: Session): Promise<string> {
  const context = await browser.newContext({ storageState: session });
  try {
    const page = await context.newPage();
    await page.goto(pageUrl);
    await page.click('[data-testid="create-group"]:not([disabled])', { timeout: READY_TIMEOUT_MS });
    await page.waitForSelector('[data-testid="open-group"]:not([disabled])', { timeout: READY_TIMEOUT_MS });
    return (await page.textContent('[data-testid="group-status"]'))?.trim() ?? '';
  } finally {
    await context.close();
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
