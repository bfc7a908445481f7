import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_FEISHU,
  feishuSimControl,
  startFeishuSimulator,
  type FeishuSimControl,
  type StartedFeishuSimulator,
} from '@kequn/feishu-sim';
import { MemoryStore, systemClock } from '@kequn/upstream';
import { testRedisStore, type TestRedis } from '@kequn/upstream/testing';
import { createFeishuClient } from './feishu-client';

// A real Redis (the machine's, or TEST_REDIS_URL's host), database 11, keys under a prefix of
// this run only: three server instances sharing it must fetch ONE tenant token between them.
const PREFIX = `test:feishu:${process.pid}:${Date.now()}:`;
let sim: StartedFeishuSimulator;
let control: FeishuSimControl;
let instances: TestRedis[] = [];

beforeAll(async () => {
  sim = await startFeishuSimulator({ port: 0 });
  control = feishuSimControl(sim.url);
  instances = [0, 1, 2].map(() => testRedisStore(11, PREFIX));
});
afterAll(async () => {
  await Promise.all(instances.map((i) => i.close()));
  await sim.close();
});

describe('tenant token shared through Redis', () => {
  it('makes three cold instances fetch one token for 300 concurrent calls', async () => {
    await control.openBot(DEMO_FEISHU.customers.chenXiaoming.openId);
    const setup = createFeishuClient({
      appId: DEMO_FEISHU.appId,
      appSecret: DEMO_FEISHU.appSecret,
      domain: sim.url,
      store: new MemoryStore(systemClock),
    });
    const { chatId } = await setup.createChat({
      uuid: 'order-shared-token',
      ownerOpenId: DEMO_FEISHU.staff.zhangsan.openId,
      memberOpenIds: [DEMO_FEISHU.customers.chenXiaoming.openId],
      name: '订单 A2001 服务群',
    });
    const before = (await control.tokens()).fetches;
    await control.resetCalls();

    const clients = instances.map(({ store }) =>
      createFeishuClient({ appId: DEMO_FEISHU.appId, appSecret: DEMO_FEISHU.appSecret, domain: sim.url, store }),
    );
    const chats = await Promise.all(Array.from({ length: 300 }, (_, i) => clients[i % 3]!.getChat(chatId)));

    expect(chats.every((c) => c.chatId === chatId)).toBe(true);
    expect((await control.tokens()).fetches - before).toBe(1);
    const calls = await control.calls();
    expect(calls['POST /open-apis/auth/v3/tenant_access_token/internal']).toBe(1);
    expect(calls['GET /open-apis/im/v1/chats/:chat_id']).toBe(300);
    const tokens = await Promise.all(clients.map((c) => c.tenantToken()));
    expect(new Set(tokens).size).toBe(1);
    const key = `kequn:feishu:${DEMO_FEISHU.appId}:tenantToken`;
    expect(await instances[0]!.redis.pttl(key)).toBeGreaterThan(60 * 60_000);
  });
});
