import {
  DEMO_CALLBACK_ENCODING_AES_KEY,
  DEMO_CALLBACK_TOKEN,
  DEMO_CORP,
  simControl,
  type SimControl,
} from '@kequn/wecom-sim';
import { freePort } from '../../test/support/processes';
import { SESSION_SECRET, WEBHOOK_SECRET, WebhookReceiver } from '../../apps/server/src/testing/harness';
import { TEST_DATABASE_URL } from '../../apps/server/src/testing/databases';
import { serverChild, type ServerChild } from './server-process';
import { METRICS_TOKEN } from './server-metrics';
import { simProcess } from './sim-process';

export const API_KEY = 'bench-callbacks-key-0123456789abcdef';
export const OWNER = 'zhangsan';

export interface World {
  control: SimControl;
  hooks: WebhookReceiver;
  server: ServerChild;
  close(): Promise<void>;
}

/**
 * The simulated corp with `customers` more customers (its own process), our server as a child
 * process on PostgreSQL, and a webhook receiver standing in for the business system.
 */
export async function startWorld(customers: number, schema: string): Promise<World> {
  const port = await freePort();
  const sim = await simProcess(customers, `http://127.0.0.1:${port}/callbacks/wecom`);
  const hooks = await new WebhookReceiver().start();
  // BENCH_PROFILE_DIR=dir: each server process writes a CPU profile there when it stops (SIGTERM).
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const server = serverChild(port, nodeArgs, {
    WECOM_CORP_ID: DEMO_CORP.corpId,
    WECOM_AGENT_ID: DEMO_CORP.agentId,
    WECOM_SECRET: DEMO_CORP.secret,
    WECOM_API_BASE: sim.url,
    WECOM_OAUTH_BASE: sim.url,
    WECOM_CALLBACK_TOKEN: DEMO_CALLBACK_TOKEN,
    WECOM_CALLBACK_AES_KEY: DEMO_CALLBACK_ENCODING_AES_KEY,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SESSION_SECRET,
    API_KEYS: API_KEY,
    WEBHOOK_URL: hooks.url,
    WEBHOOK_SECRET,
    WEBHOOK_RETRY_BASE_MS: '200',
    // Only the callbacks re-read groups here: the reconcile and the sweep would add reads of their own.
    RECONCILE_INTERVAL_MS: '0',
    JOIN_WAY_SWEEP_INTERVAL_MS: '0',
    METRICS_TOKEN,
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
  });
  return {
    control: simControl(sim.url),
    hooks,
    server,
    async close() {
      await server.stop();
      await sim.stop();
      await hooks.close();
    },
  };
}
