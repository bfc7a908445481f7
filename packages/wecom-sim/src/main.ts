import { bridgeRouter } from './bridge/index';
import { DEMO_CORP, startSimulator } from './index';

/** Standalone simulator: `PORT=4010 HOST=127.0.0.1 pnpm --filter @kequn/wecom-sim start`. */
const port = Number(process.env.PORT ?? 4010);
const host = process.env.HOST ?? '127.0.0.1';

// The bridge script (/__sim/bridge.js, /__sim/phone) is served too, for pages on other ports.
const started = await startSimulator({ port, host, extraRouters: [bridgeRouter()] });
console.log(`WeCom simulator listening on ${started.url}`);
console.log(`  corp ${DEMO_CORP.corpId}, agent ${DEMO_CORP.agentId}; control API at ${started.url}/__sim`);

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
