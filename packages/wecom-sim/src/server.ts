import type { AddressInfo } from 'node:net';
import express from 'express';
import { createSimulator, type Simulator, type SimulatorOptions } from './app';
import { simNotFound } from './http/sim-http';

export interface StartedSimulator {
  url: string;
  sim: Simulator;
  close(): Promise<void>;
}

export interface StartOptions extends SimulatorOptions {
  port?: number;
  host?: string;
  /** Extra routers served next to the simulator (e.g. the bridge's `bridgeRouter()`). */
  extraRouters?: express.RequestHandler[];
}

/** Listens on `port` (0 = a free one) and resolves with the base URL. */
export async function startSimulator(options: StartOptions = {}): Promise<StartedSimulator> {
  const sim = createSimulator(options);
  const host = options.host ?? '127.0.0.1';
  const outer = express();
  outer.disable('x-powered-by');
  outer.use(sim.app);
  for (const router of options.extraRouters ?? []) outer.use(router);
  outer.use(simNotFound);
  const server = outer.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${urlHost(host)}:${port}`,
    sim,
    close: () =>
      new Promise<void>((resolve, reject) => {
        sim.state.callbacks.cancelAll();
        sim.state.flushPersisted();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A host to reach a listener on: wildcard binds are reached through loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
