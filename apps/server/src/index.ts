import { ConfigError, loadConfig } from './config';
import { createLogger } from './http/logger';
import { DEMO_ORDERS, FEISHU_DEMO_CUSTOMER, FEISHU_DEMO_ORDER, FIRST_DEMO_ORDER } from './demo/demo-orders';
import { startServer } from './server';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`kequn: ${err.message}\nSee apps/server/ENV.md.\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  let running;
  try {
    running = await startServer(config, logger);
  } catch (err) {
    // A database that cannot be opened, a port in use: say so plainly, without a stack.
    process.stderr.write(`kequn: could not start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  logger.info({ url: running.publicUrl, mode: running.mode, database: running.database.kind }, 'kequn listening');
  if (running.mode === 'demo') {
    const page = `/orders/${FIRST_DEMO_ORDER}`;
    process.stdout.write(
      `\n  kequn demo mode (simulated WeCom corp). Open in a desktop browser:\n  ${running.publicUrl}/__sim/phone?url=${encodeURIComponent(page)}\n` +
        `  Other demo orders: ${Object.keys(DEMO_ORDERS).join(', ')} (change the url= part).\n` +
        `  Feishu route: open ${running.publicUrl}/__feishu-sim/phone?customer=${FEISHU_DEMO_CUSTOMER} as the customer\n` +
        `  and send the code of ${FEISHU_DEMO_ORDER} (GET /api/v1/orders/${FEISHU_DEMO_ORDER} shows it).\n` +
        `  Listening on ${config.host} only: the simulator's control API (/__sim) has no sign-in. To open the\n` +
        `  demo to other machines on purpose, start with HOST=0.0.0.0 (and PUBLIC_URL=http://<this machine>:<port>).\n`,
    );
  }
  const apiKey = running.product.generatedApiKey;
  if (apiKey) {
    // Printed once, to stdout only (never logged): the business API key of this demo run.
    process.stdout.write(`\n  Business API key for this run (set API_KEYS to choose your own):\n  ${apiKey}\n\n`);
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
