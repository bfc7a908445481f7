// The WeCom simulator of the callbacks bench, in a process of its own, so what it measures (how fast
// our server acknowledges its pushes) is not slowed by the bench's own work. Started by sim-process.ts.
import { DEMO_CALLBACK_ENCODING_AES_KEY, DEMO_CALLBACK_TOKEN, demoSeed, startSimulator } from '@kequn/wecom-sim';
import { customerId } from './customers';

const customers = Number(process.env.BENCH_SIM_CUSTOMERS ?? 0);
const seed = demoSeed();
seed.customers = [
  ...(seed.customers ?? []),
  ...Array.from({ length: customers }, (_, i) => ({ externalUserId: customerId(i + 1), name: `扫码客户${i + 1}` })),
];
// WeCom's delivery rules as they are (the dispatcher's defaults: 5 s timeout, three retries).
const started = await startSimulator({
  port: 0,
  seed,
  callback: {
    url: process.env.BENCH_SIM_CALLBACK_URL ?? '',
    token: DEMO_CALLBACK_TOKEN,
    encodingAesKey: DEMO_CALLBACK_ENCODING_AES_KEY,
  },
});
process.send?.({ port: Number(new URL(started.url).port) });
process.on('SIGTERM', () => void started.close().then(() => process.exit(0)));
