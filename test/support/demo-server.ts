import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../apps/server/src/config';
import { startServer, type RunningServer } from '../../apps/server/src/server';

/** The product in demo mode (simulator mounted), in this process, on a free port, with its own data dir. */
export function startDemoServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'kequn-demo-')),
    ...env,
  });
  return startServer(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
}
