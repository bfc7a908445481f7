// pnpm bench h5: the H5 page's production build size (initial vs lazy, raw and gzip) and, in
// Chromium with 4× CPU throttling on loopback, the time from navigation to an enabled
// create-group button (median of 10 cold loads) against the real server in demo mode; then the
// same cold load on an emulated phone network, with its round trips counted (phone-network.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { DEMO_CUSTOMER_IDS } from '@kequn/wecom-sim';
import { loadConfig } from '../../apps/server/src/config';
import { createLogger } from '../../apps/server/src/http/logger';
import { startServer } from '../../apps/server/src/server';
import { createOnce, launch, median, signIn, timeColdLoads, timeWarmLoads } from './page-load';
import { timePhoneLoads, type PhoneLoad } from './phone-network';
import { phoneVerdict, printPhone, TARGET_PHONE_READY_MS } from './phone-report';
import { kb, measureDist, printSizes } from './sizes';

const H5_ROOT = fileURLToPath(new URL('../../apps/h5', import.meta.url));
const DIST = join(H5_ROOT, 'dist');
const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const TARGET_INITIAL_JS_GZIP = 100_000;
const TARGET_READY_MS = 1_000;
const API_KEY = `kq_bench_${'0'.repeat(24)}`;
const ORDER = 'BENCH-H5-1';
const CHECK_ORDER = 'BENCH-H5-CHECK';

await build({ root: H5_ROOT, configFile: join(H5_ROOT, 'vite.config.ts'), logLevel: 'warn' });
const sizes = measureDist(DIST);
printSizes(sizes);

const dataDir = mkdtempSync(join(tmpdir(), 'kequn-bench-h5-'));
const server = await startServer(
  loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, API_KEYS: API_KEY, LOG_LEVEL: 'silent' }),
  createLogger('silent'),
);
const browser = await launch();
try {
  for (const orderId of [ORDER, CHECK_ORDER]) await registerOrder(server.url, orderId);
  const pageUrl = `${server.publicUrl}/orders/${ORDER}?from=scan`;
  const session = await signIn(browser, pageUrl);
  await timeColdLoads(browser, pageUrl, session, 1); // server warm-up (JIT, tickets); not counted
  const cold = await timeColdLoads(browser, pageUrl, session, LOADS);
  const warm = await timeWarmLoads(browser, pageUrl, session, LOADS);
  const phone = await timePhoneLoads(browser, pageUrl, session, LOADS);
  const status = await createOnce(browser, `${server.publicUrl}/orders/${CHECK_ORDER}`, session);
  report(cold, warm, phone, status);
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

/** The business system registers the order: Zhang San (signed in) and Li Si, customer Chen Xiaoming. */
async function registerOrder(base: string, orderId: string): Promise<void> {
  const res = await fetch(`${base}/api/v1/orders/${orderId}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: `性能测试订单 ${orderId}`,
      customer: { externalUserId: DEMO_CUSTOMER_IDS.chenXiaoming, name: '陈晓明' },
      staffUserIds: ['zhangsan', 'lisi'],
    }),
  });
  if (!res.ok) throw new Error(`PUT /api/v1/orders/${orderId} answered ${res.status}: ${await res.text()}`);
}

function report(cold: number[], warm: number[], phone: PhoneLoad[], status: string): void {
  const js = sizes.initialJs.gzip;
  const load = loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
  console.log(
    `\nready = navigation → create-group enabled; Chromium, 4× CPU throttling, loopback, ${LOADS} loads each`,
  );
  console.log(`(machine load average ${load} on this run: other work inflates these)`);
  for (const [name, times] of [
    ['cold (fresh context)', cold],
    ['warm (cached assets)', warm],
  ] as const) {
    const each = times.map((t) => t.toFixed(0)).join(', ');
    console.log(`  ${name}: median ${median(times).toFixed(0)} ms  [${each}]`);
  }
  printPhone(phone, `load average ${load}`);
  console.log(`\nfunctional check on the real stack (press create-group once): ${status}`);
  console.log('\ntargets');
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  console.log(`  initial JS gzip ${kb(js)} ≤ ${kb(TARGET_INITIAL_JS_GZIP)}: ${verdict(js <= TARGET_INITIAL_JS_GZIP)}`);
  for (const [name, times] of [
    ['cold', cold],
    ['warm', warm],
  ] as const) {
    const m = median(times);
    console.log(`  ready ${name} median ${m.toFixed(0)} ms ≤ ${TARGET_READY_MS} ms: ${verdict(m <= TARGET_READY_MS)}`);
  }
  const onPhone = phoneVerdict(phone);
  console.log(
    `  ready on a phone's network, cold, median ${onPhone.median.toFixed(0)} ms ≤ ${TARGET_PHONE_READY_MS} ms: ` +
      `${verdict(onPhone.ok)}  (machine load average ${load})`,
  );
}
