import type { AddressInfo } from 'node:net';
import express from 'express';
import { createFeishuSimulator, type FeishuSimulator, type FeishuSimulatorOptions } from './app';
import { simNotFound } from './http/sim-http';

export interface StartedFeishuSimulator {
  url: string;
  sim: FeishuSimulator;
  close(): Promise<void>;
}

export interface StartFeishuOptions extends FeishuSimulatorOptions {
  port?: number;
  host?: string;
}

/** Listens on `port` (0 = a free one) on 127.0.0.1 by default and resolves with the base URL. */
export async function startFeishuSimulator(options: StartFeishuOptions = {}): Promise<StartedFeishuSimulator> {
  const sim = createFeishuSimulator(options);
  const host = options.host ?? '127.0.0.1';
  const outer = express();
  outer.disable('x-powered-by');
  outer.use(sim.app);
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
        sim.state.events.cancelAll();
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
