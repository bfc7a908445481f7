// A receiver that is down (a server killed with `kill -9` and not yet restarted) or that dies while
// reading a push must get the same event again later, as Feishu re-pushes an unanswered event
// (15 s, 5 min, 1 h, 6 h; shortened here).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeishuSimulator } from '../app';
import { DEMO_FEISHU } from '../tenant/demo';
import { testFeishu } from '../test-helpers';

const C = DEMO_FEISHU.customers;
let sim: FeishuSimulator | undefined;
let server: Server | undefined;

afterEach(async () => {
  sim?.state.events.cancelAll();
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
});

/** A receiver on `port` (0: any) whose `onPush` decides what happens to each push. */
async function listen(port: number, onPush: (raw: string, destroy: () => void) => number | null): Promise<number> {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const status = onPush(raw, () => req.socket.destroy());
      if (status !== null) res.writeHead(status).end('{}');
    });
  });
  await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const port = await listen(0, () => 200);
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
  return port;
}

describe('pushes to a receiver that is down', () => {
  it('retries a push whose connection was refused until the receiver is back', async () => {
    const port = await freePort();
    sim = testFeishu({
      settings: { eventUrl: `http://127.0.0.1:${port}/callbacks/feishu` },
      delivery: { retryDelaysMs: [150, 150, 150] },
    });
    await request(sim.app).post(`/__feishu-sim/people/${C.chenXiaoming.openId}/open-bot`).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const bodies: string[] = [];
    await listen(port, (raw) => {
      bodies.push(raw);
      return 200;
    });
    await sim.state.events.idle();
    const [record] = sim.state.events.records;
    expect(record?.status).toBe('delivered');
    expect(record?.attempts[0]?.error).toBeDefined();
    expect(record?.attempts.at(-1)?.status).toBe(200);
    expect(bodies).toHaveLength(1);
  });

  it('retries a push whose receiver died while reading it, with the same event id', async () => {
    let pushes = 0;
    const port = await listen(0, (_raw, destroy) => {
      pushes += 1;
      if (pushes > 1) return 200;
      destroy();
      return null;
    });
    sim = testFeishu({
      settings: { eventUrl: `http://127.0.0.1:${port}/callbacks/feishu` },
      delivery: { retryDelaysMs: [50, 50] },
    });
    const opened = await request(sim.app).post(`/__feishu-sim/people/${C.linMeihua.openId}/open-bot`).expect(200);
    await sim.state.events.idle();
    const [record] = sim.state.events.records;
    expect(pushes).toBe(2);
    expect(record).toMatchObject({ status: 'delivered', eventKey: opened.body.eventKey });
    expect(record?.attempts.map((a) => a.status ?? 'no answer')).toEqual(['no answer', 200]);
  });
});
