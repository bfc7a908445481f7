// A Redis that stops answering without closing the connection (a network partition): signing must
// fall back to the process cache within seconds, not wait for TCP to give up.
import { createServer as createTcpServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '@kequn/wecom';
import { DEMO_CORP, startSimulator, type StartedSimulator } from '@kequn/wecom-sim';
import { Metrics } from '../../health/metrics';
import { connectRedis, createWecomRuntime } from './runtime';

let sim: StartedSimulator;
let proxy: Server;
let forwarding = true;
const sockets: Socket[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  // Forwards to the machine's Redis until told to drop everything silently.
  proxy = createTcpServer((client) => {
    const upstream = connect(6379, '127.0.0.1');
    sockets.push(client, upstream);
    client.on('data', (d) => forwarding && upstream.write(d));
    upstream.on('data', (d) => forwarding && client.write(d));
    client.on('error', () => {});
    upstream.on('error', () => {});
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => proxy.close(resolve));
  await sim.close();
});

describe('shared cache that stops answering', () => {
  it('signs from the process cache after the command timeout, and says the shared cache is down', async () => {
    const port = (proxy.address() as AddressInfo).port;
    const redis = connectRedis(`redis://127.0.0.1:${port}/8`, silentLogger);
    await new Promise((resolve) => redis.once('ready', resolve));
    const runtime = createWecomRuntime({
      app: { ...DEMO_CORP, apiBase: sim.url, oauthBase: sim.url, timeoutMs: 2_000 },
      redis,
      clock: systemClock,
      logger: silentLogger,
      metrics: new Metrics(),
    });
    forwarding = false;
    const started = Date.now();
    expect(await runtime.credentials.getCorpTicket()).toBeTruthy();
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(runtime.sharedCacheState()).toBe('down');
    redis.disconnect();
  }, 30_000);
});
