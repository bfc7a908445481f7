import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Clock } from '@kequn/wecom';
import {
  DEMO_CALLBACK_ENCODING_AES_KEY,
  DEMO_CALLBACK_TOKEN,
  DEMO_CORP,
  simControl,
  startSimulator,
  type SimControl,
  type StartedSimulator,
} from '@kequn/wecom-sim';
import { loadConfig } from '../config';
import { startServer, type RunningServer } from '../server';
import { verifyWebhook } from '../webhooks/signature';
import { JOIN_QR_OPERATIONS } from '../adapters/wecom-join-qr/api-doc';
import { openApiDocument } from '../openapi/document';
import { contractChecker } from './contract-check';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema, type EngineName } from './databases';

/**
 * A server in WeCom mode against a separate simulator, as production talks to WeCom: the
 * simulator pushes real encrypted callbacks to our /callbacks/wecom, our webhooks go to a local
 * receiver. Used by the test/server-*.test.ts suites.
 */
export const API_KEY = 'test-api-key-0123456789abcdef';
export const WEBHOOK_SECRET = 'whsec-test-0123456789';
export const SESSION_SECRET = 'session-secret-for-tests-0123456789';

export interface Response<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface Delivery {
  id: string;
  type: string;
  data: Record<string, unknown>;
  verified: boolean;
}

/** Receives our webhooks; `respond` decides each answer (default 204). */
export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  readonly attempts: string[] = [];
  respond: (eventId: string) => number | Promise<number> = () => 204;
  private server: Server | null = null;
  url = '';

  async start(port = 0): Promise<this> {
    this.server = createServer(async (req, res) => {
      // A sender that gave up (timeout, crash) never learns of our answer: that attempt failed.
      let senderGone = false;
      res.on('close', () => (senderGone ||= !res.writableFinished));
      const body = await readBody(req);
      const id = String(req.headers['x-kequn-event-id'] ?? '');
      this.attempts.push(id);
      const status = await this.respond(id);
      if (senderGone) return;
      if (status >= 200 && status < 300) this.accept(id, body, String(req.headers['x-kequn-signature'] ?? ''));
      res.writeHead(status).end();
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  private accept(id: string, body: string, signature: string): void {
    const event = JSON.parse(body) as { id: string; type: string; data: Record<string, unknown> };
    const verified = verifyWebhook(WEBHOOK_SECRET, body, signature, Math.floor(Date.now() / 1000));
    this.deliveries.push({ id, type: event.type, data: event.data, verified: verified && event.id === id });
  }

  ofType(type: string, orderId?: string): Delivery[] {
    return this.deliveries.filter((d) => d.type === type && (!orderId || d.data.orderId === orderId));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => resolve(text));
  });
}

export interface StaffClient {
  userId: string;
  cookie: string;
  get<T = unknown>(path: string): Promise<Response<T>>;
  post<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response<T>>;
}

export interface Harness {
  sim: StartedSimulator;
  control: SimControl;
  server: RunningServer;
  base: string;
  hooks: WebhookReceiver;
  logs(): string;
  business<T = unknown>(method: string, path: string, body?: unknown, key?: string): Promise<Response<T>>;
  /** Signs a staff member in through the OAuth redirects, as their browser would. */
  signIn(userId: string): Promise<StaffClient>;
  /** Waits until the simulator delivered its pending callbacks (our 200s). */
  callbacksDelivered(): Promise<void>;
  /** Simulator back to its seed, still pushing callbacks to us. */
  resetSim(): Promise<void>;
  /** Another instance of the same deployment (same WeCom, database, Redis and secrets). */
  startPeer(): Promise<{ base: string; server: RunningServer }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  engine?: EngineName;
  env?: Record<string, string>;
  /** The server's clock (default: the system's), e.g. to let leases and grace periods pass. */
  clock?: Clock;
}

const checkContract = contractChecker(openApiDocument('http://localhost', JOIN_QR_OPERATIONS));

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, callbackDelivery: { retryDelaysMs: [200, 400], timeoutMs: 3_000 } });
  const control = simControl(sim.url);
  const hooks = await new WebhookReceiver().start();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'kequn-harness-'));
  const schema = options.engine === 'postgres' ? uniqueSchema() : null;
  let logText = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      logText += chunk.toString();
      done();
    },
  });
  const env = {
    HOST: '127.0.0.1',
    WECOM_CORP_ID: DEMO_CORP.corpId,
    WECOM_AGENT_ID: DEMO_CORP.agentId,
    WECOM_SECRET: DEMO_CORP.secret,
    WECOM_API_BASE: sim.url,
    WECOM_OAUTH_BASE: sim.url,
    WECOM_CALLBACK_TOKEN: DEMO_CALLBACK_TOKEN,
    WECOM_CALLBACK_AES_KEY: DEMO_CALLBACK_ENCODING_AES_KEY,
    SESSION_SECRET,
    API_KEYS: API_KEY,
    WEBHOOK_URL: hooks.url,
    WEBHOOK_SECRET,
    WEBHOOK_RETRY_BASE_MS: '100',
    RECONCILE_INTERVAL_MS: '0',
    DATA_DIR: dataDir,
    ...(schema ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema } : {}),
    ...options.env,
  };
  const server = await startServer(
    loadConfig({ ...env, PORT: String(port), PUBLIC_URL: base }),
    pino({ level: 'debug' }, sink),
    options.clock,
  );
  const peers: RunningServer[] = [];
  const pointCallbacks = () =>
    control.settings({
      callback: {
        url: `${base}/callbacks/wecom`,
        token: DEMO_CALLBACK_TOKEN,
        encodingAesKey: DEMO_CALLBACK_ENCODING_AES_KEY,
      },
    });
  await pointCallbacks();

  const request = async <T>(method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };

  return {
    sim,
    control,
    server,
    base,
    hooks,
    logs: () => logText,
    async business(method, path, body, key = API_KEY) {
      const res = await request(method, path, { authorization: `Bearer ${key}` }, body);
      // Every answer of the business API a test sees must be what the OpenAPI document promises.
      const problem = checkContract(method, path, res.status, res.body);
      if (problem) throw new Error(`answer breaks the API contract: ${problem}`);
      return res as never;
    },
    async signIn(userId) {
      await control.setSession({ userId });
      const cookie = await signInCookie(base, userId);
      return {
        userId,
        cookie,
        get: (path) => request('GET', path, { cookie }),
        post: (path, body, headers = {}) => request('POST', path, { cookie, ...headers }, body),
      };
    },
    callbacksDelivered: () => sim.sim.state.callbacks.idle(),
    async resetSim() {
      await control.reset();
      await pointCallbacks();
    },
    async startPeer() {
      if (!schema) throw new Error('peers share a PostgreSQL database: start the harness with engine "postgres"');
      const peerPort = await freePort();
      const peerBase = `http://127.0.0.1:${peerPort}`;
      const peerConfig = loadConfig({ ...env, PORT: String(peerPort), PUBLIC_URL: peerBase });
      const peer = await startServer(peerConfig, pino({ level: 'debug' }, sink));
      peers.push(peer);
      return { base: peerBase, server: peer };
    },
    async close() {
      await Promise.all(peers.map((p) => p.close()));
      await server.close();
      await sim.close();
      await hooks.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (schema) await dropSchema(schema);
    },
  };
}

/** start → WeCom authorize → our callback, carrying the state cookie like a browser. */
export async function signInCookie(base: string, _userId: string, next = '/'): Promise<string> {
  const start = await fetch(`${base}/auth/wecom/start?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
  const stateCookie = cookiePair(start, 'kequn_oauth');
  const authorize = await fetch(start.headers.get('location') ?? '', { redirect: 'manual' });
  const back = await fetch(authorize.headers.get('location') ?? '', {
    redirect: 'manual',
    headers: { cookie: stateCookie },
  });
  if (back.status !== 302) throw new Error(`sign-in failed with ${back.status}: ${await back.text()}`);
  return cookiePair(back, 'kequn_session');
}

export function cookiePair(res: globalThis.Response, name: string): string {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie`);
  return line.split(';', 1)[0] as string;
}
