import { DEMO_FEISHU, startFeishuSimulator } from './index';

/** Standalone simulator: `PORT=4020 HOST=127.0.0.1 EVENT_URL=… pnpm --filter @kequn/feishu-sim start`. */
const port = Number(process.env.PORT ?? 4020);
const host = process.env.HOST ?? '127.0.0.1';
const eventUrl = process.env.EVENT_URL || null;

const started = await startFeishuSimulator({ port, host, settings: { eventUrl } });
console.log(`Feishu simulator listening on ${started.url}`);
console.log(
  `  app ${DEMO_FEISHU.appId}; control API at ${started.url}/__feishu-sim; phone at ${started.url}/__feishu-sim/phone`,
);
console.log(`  events → ${eventUrl ?? '(none; set EVENT_URL or POST /__feishu-sim/settings)'}`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  // Forced exit if connections do not drain in time.
  setTimeout(() => process.exit(1), 5000).unref();
  void started.close().then(() => process.exit(0));
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
