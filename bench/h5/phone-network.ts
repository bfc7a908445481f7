// The page on a phone's network: Chromium's network emulation (150 ms round trip, 1.6 Mbit/s
// down, 750 kbit/s up) and 4× CPU throttling, cold cache. Besides the time to an enabled
// create-group button it records every request sent until then, to count the round trips.
import type { Browser, BrowserContext, CDPSession } from 'playwright-core';
import { READY_PROBE, READY_TIMEOUT_MS, CPU_SLOWDOWN } from './page-load';

export const PHONE = { latencyMs: 150, downKbit: 1_600, upKbit: 750 } as const;

/** One request as the network saw it, times in ms since the navigation started. */
export interface Hop {
  url: string;
  sentMs: number;
  answeredMs: number;
  /** 1 for the HTML; otherwise one more than the deepest request answered before it was sent. */
  depth: number;
}

export interface PhoneLoad {
  readyMs: number;
  /** Requests sent before the button was enabled. */
  hops: Hop[];
  /** The longest chain of requests each sent after the previous one's answer began to arrive. */
  depth: number;
}

type Session = Awaited<ReturnType<BrowserContext['storageState']>>;

export async function timePhoneLoads(
  browser: Browser,
  pageUrl: string,
  session: Session,
  count: number,
): Promise<PhoneLoad[]> {
  const loads: PhoneLoad[] = [];
  for (let i = 0; i < count; i++) {
    const context = await browser.newContext({ storageState: session });
    try {
      loads.push(await phoneLoad(context, pageUrl));
    } finally {
      await context.close();
    }
  }
  return loads;
}

async function phoneLoad(context: BrowserContext, pageUrl: string): Promise<PhoneLoad> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: PHONE.latencyMs,
    downloadThroughput: (PHONE.downKbit * 1000) / 8,
    uploadThroughput: (PHONE.upKbit * 1000) / 8,
  });
  const recorder = recordRequests(cdp);
  await page.addInitScript(READY_PROBE);
  await page.goto(pageUrl);
  const handle = await page.waitForFunction(() => (window as unknown as { __kequnReady?: number }).__kequnReady, null, {
    timeout: READY_TIMEOUT_MS,
    polling: 50,
  });
  const readyMs = (await handle.jsonValue()) as number;
  const hops = recorder.hopsUntil(readyMs);
  return { readyMs, hops, depth: Math.max(0, ...hops.map((h) => h.depth)) };
}

interface Pending {
  url: string;
  sent: number;
  /** Its responseReceived (under Chromium's emulation: once the throttled body is in): from then on a request may depend on it. */
  answered: number | null;
}

/**
 * Network events carry monotonic seconds; the document request's `timestamp` is the navigation
 * start, so times are made relative to it (performance.now() in the page counts from there too).
 */
function recordRequests(cdp: CDPSession) {
  const requests = new Map<string, Pending>();
  let origin: number | null = null;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith('data:')) return;
    origin ??= e.timestamp;
    // A redirect reuses the id: the old hop ended when the new one was sent.
    requests.set(e.redirectResponse ? `${e.requestId}:${e.timestamp}` : e.requestId, {
      url: e.request.url,
      sent: e.timestamp,
      answered: null,
    });
  });
  const answered = (e: { requestId: string; timestamp: number }) => {
    const r = requests.get(e.requestId);
    if (r && r.answered === null) r.answered = e.timestamp;
  };
  cdp.on('Network.responseReceived', answered);
  cdp.on('Network.loadingFailed', answered);
  return {
    hopsUntil(readyMs: number): Hop[] {
      const base = origin ?? 0;
      const ms = (t: number) => (t - base) * 1000;
      const sent = [...requests.values()]
        .map((r) => ({ url: r.url, sentMs: ms(r.sent), answeredMs: r.answered === null ? Infinity : ms(r.answered) }))
        .filter((r) => r.sentMs <= readyMs)
        .sort((a, b) => a.sentMs - b.sentMs);
      const hops: Hop[] = [];
      for (const r of sent) {
        const before = hops.filter((h) => h.answeredMs <= r.sentMs).map((h) => h.depth);
        hops.push({ ...r, depth: 1 + Math.max(0, ...before) });
      }
      return hops;
    },
  };
}

/** `/assets/index-ab12.js` rather than the whole URL, for the printed chain. */
export function shortUrl(url: string): string {
  const u = new URL(url);
  const query = u.pathname.startsWith('/api/') ? u.search.slice(0, 24) : '';
  return `${u.pathname}${query}`;
}
