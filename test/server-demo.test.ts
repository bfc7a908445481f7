// Demo mode (`pnpm start` with no environment): the simulator inside the server plays WeCom,
// pushes its callbacks to us, and the H5 page is served with the simulator's bridge.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderResponse } from '@kequn/contracts';
import { DEMO_FEISHU, feishuSimControl } from '@kequn/feishu-sim';
import { DEMO_CUSTOMER_IDS as C, simControl } from '@kequn/wecom-sim';
import { loadConfig } from '../apps/server/src/config';
import { startServer, type RunningServer } from '../apps/server/src/server';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../apps/server/src/testing/databases';
import { eventually, signInCookie } from '../apps/server/src/testing/harness';

let running: RunningServer;
let dist: string;
let dataDir: string;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'kequn-h5-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/assets/app.js"></script></head><body><div id="app"></div></body></html>',
  );
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("h5")');
  dataDir = mkdtempSync(join(tmpdir(), 'kequn-demo-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  running = await startServer(config, pino({ level: 'silent' }), undefined, { h5DistDir: dist });
});
afterAll(async () => {
  await running?.close();
  rmSync(dist, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('demo mode', () => {
  it('plays Feishu too: the demo customer opens the bot, sends DEMO-2001’s code, and its group is made', async () => {
    const key = running.product.generatedApiKey ?? '';
    const read = async () =>
      OrderResponse.parse(
        await (
          await fetch(`${running.url}/api/v1/orders/DEMO-2001`, { headers: { authorization: `Bearer ${key}` } })
        ).json(),
      );
    const code = (await read()).feishu?.bindCode ?? '';
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    const phone = await fetch(
      `${running.url}/__feishu-sim/phone?customer=${DEMO_FEISHU.customers.chenXiaoming.openId}`,
    );
    expect(phone.status).toBe(200);
    const f = feishuSimControl(running.url);
    await f.openBot(DEMO_FEISHU.customers.chenXiaoming.openId);
    await f.say(DEMO_FEISHU.customers.chenXiaoming.openId, code);
    const group = await eventually(async () => (await read()).group ?? undefined, 15_000);
    expect(group).toMatchObject({ platform: 'feishu', route: 'feishu_bot' });
    expect((await f.chats()).map((c) => c.chatId)).toEqual([group.chatId]);
  });

  it('serves the H5 page for / and /orders/:id with the bridge as the first script, and its assets', async () => {
    for (const path of ['/', '/orders/A-1001']) {
      const res = await fetch(`${running.url}${path}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/^<!doctype html><html><head><script src="\/__sim\/bridge.js"><\/script><meta/);
    }
    const asset = await fetch(`${running.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log("h5")');
    const bridge = await fetch(`${running.url}/__sim/bridge.js`);
    expect(bridge.status).toBe(200);
    expect(bridge.headers.get('content-type')).toMatch(/javascript/);
  });

  it('sends a CSP that allows what the page needs and nothing from elsewhere', async () => {
    const csp = (await fetch(`${running.url}/orders/A-1`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toMatch(/img-src 'self' data: blob:/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests'); // http://localhost in demo
  });

  it('generates a business API key that works, and refuses others', async () => {
    const key = running.product.generatedApiKey;
    expect(key).toMatch(/^kq_[0-9a-f]{48}$/);
    const put = (k: string) =>
      fetch(`${running.url}/api/v1/orders/DEMO-1`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: '演示订单',
          customer: { externalUserId: C.chenXiaoming },
          staffUserIds: ['zhangsan'],
        }),
      });
    expect((await put(key as string)).status).toBe(201);
    expect((await put(`${key}x`)).status).toBe(401);
  });

  it('creates and confirms a group through the embedded simulator and its callbacks', async () => {
    const key = running.product.generatedApiKey as string;
    const cookie = await signInCookie(running.publicUrl, 'zhangsan');
    const headers = { cookie, 'content-type': 'application/json' };
    expect((await fetch(`${running.url}/api/orders/DEMO-1/group/intent`, { method: 'POST', headers })).status).toBe(
      200,
    );
    const chat = await simControl(running.url).openEnterpriseChat({
      callerUserId: 'zhangsan',
      userIds: ['lisi'],
      externalUserIds: [C.chenXiaoming],
      appIdentity: true,
    });
    if (!chat.ok || !chat.chatId) throw new Error('no group created');
    const bind = await fetch(`${running.url}/api/orders/DEMO-1/group`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ chatId: chat.chatId }),
    });
    expect([200, 201]).toContain(bind.status);
    const group = await eventually(async () => {
      const res = await fetch(`${running.url}/api/v1/orders/DEMO-1`, { headers: { authorization: `Bearer ${key}` } });
      const g = OrderResponse.parse(await res.json()).group;
      return g?.status === 'confirmed' && g;
    });
    expect(group.members.map((m) => m.id)).toContain(C.chenXiaoming);
  });
});

describe('without an H5 build', () => {
  it('says how to build it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kequn-nobuild-'));
    const schema = uniqueSchema();
    // Demo mode over PostgreSQL, which also shows DATABASE_URL works without a corp.
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
    });
    const server = await startServer(config, pino({ level: 'silent' }), undefined, { h5DistDir: join(dir, 'missing') });
    try {
      const res = await fetch(`${server.url}/orders/A-1`);
      expect(server.database.kind).toBe('postgres');
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('pnpm --filter @kequn/h5 build');
    } finally {
      await server.close();
      await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
