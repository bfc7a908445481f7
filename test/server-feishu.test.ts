// The Feishu/Lark bot route over the Feishu simulator and real HTTP: a customer opens the bot,
// sends the order's code, and the order's external group is made once, with the first staff member
// as owner; wrong codes are answered and slowed down; faults still end in exactly one group; forged
// and undecryptable events are refused.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OrderResponse } from '@kequn/contracts';
import { DEMO_FEISHU, feishuSimControl, startFeishuSimulator, type StartedFeishuSimulator } from '@kequn/feishu-sim';
import { eventually, startHarness, type Harness } from '../apps/server/src/testing/harness';
import { feishuEnv, pushTo } from './support/feishu';

let feishuSim: StartedFeishuSimulator;
let f: ReturnType<typeof feishuSimControl>;
let h: Harness;
let seq = 0;
const S = DEMO_FEISHU.staff;
const Cu = DEMO_FEISHU.customers;

beforeAll(async () => {
  feishuSim = await startFeishuSimulator({ port: 0, delivery: { retryDelaysMs: [100, 300] } });
  f = feishuSimControl(feishuSim.url);
  h = await startHarness({
    env: {
      ...feishuEnv(feishuSim.url),
    },
  });
});
afterAll(async () => {
  await h?.close();
  await feishuSim?.close();
});
beforeEach(async () => {
  await f.reset();
  await f.settings(pushTo(h.base));
});

async function feishuOrder(customer?: { openId: string }) {
  const id = `FS-${++seq}`;
  const res = await h.business('PUT', `/api/v1/orders/${id}`, {
    title: `飞书订单 ${seq}`,
    platform: 'feishu',
    staffUserIds: [S.zhangsan.openId, S.lisi.openId],
    ...(customer ? { customer } : {}),
  });
  expect(res.status).toBe(201);
  return { id, order: OrderResponse.parse(res.body) };
}

const readOrder = async (id: string) => OrderResponse.parse((await h.business('GET', `/api/v1/orders/${id}`)).body);
const groupOf = async (id: string) => (await readOrder(id)).group;
const botSaidTo = async (openId: string) => (await f.botMessages({ to: openId })).map((m) => m.text ?? '').join('\n');

describe('the Feishu bot route', () => {
  it('links a customer by code and makes one group with the first staff member as owner', async () => {
    const { id, order } = await feishuOrder();
    expect(order.feishu).toMatchObject({
      bindCode: expect.stringMatching(/^[A-Z0-9]{6}$/),
      botLink: expect.stringContaining(DEMO_FEISHU.appId),
      linkedCustomers: [],
    });
    const qr = await fetch(order.feishu?.customerQrUrl ?? '');
    expect(qr.headers.get('content-type')).toContain('image/svg+xml');
    expect(await qr.text()).toContain(order.feishu?.bindCode);

    await f.openBot(Cu.chenXiaoming.openId);
    await eventually(async () => (await botSaidTo(Cu.chenXiaoming.openId)).includes('订单码'));
    await f.say(Cu.chenXiaoming.openId, `我的订单码是 ${order.feishu?.bindCode.toLowerCase()}`);
    const group = await eventually(async () => {
      const g = await groupOf(id);
      return g?.chatId ? g : undefined;
    }, 15_000);
    expect(group).toMatchObject({ platform: 'feishu', route: 'feishu_bot', createdBy: S.zhangsan.openId });
    const chats = await f.chats();
    expect(chats).toHaveLength(1);
    expect(chats[0]).toMatchObject({ chatId: group?.chatId, ownerId: S.zhangsan.openId, external: true });
    expect((await readOrder(id)).feishu?.linkedCustomers).toEqual([Cu.chenXiaoming.openId]);
    await eventually(async () => (await botSaidTo(S.zhangsan.openId)).includes('applink.feishu.cn/client/chat/open'));
    await eventually(async () => h.hooks.ofType('group.created', id).length === 1);
    expect(h.hooks.ofType('group.created', id)[0]?.data).toMatchObject({ platform: 'feishu', route: 'feishu_bot' });
  });

  it('answers a wrong code helpfully and slows down a guesser', async () => {
    const guesser = Cu.wangJianguo.openId;
    await f.openBot(guesser);
    await f.say(guesser, 'hello');
    await eventually(async () => (await botSaidTo(guesser)).includes('没有识别到订单码'));
    for (let i = 0; i < 6; i += 1) await f.say(guesser, 'QQQQQQ');
    await eventually(async () => (await botSaidTo(guesser)).includes('错误次数过多'), 15_000);
  });

  it('adds a second customer who sends the code after the group exists, and makes no second group', async () => {
    const { id, order } = await feishuOrder({ openId: Cu.linMeihua.openId });
    await f.openBot(Cu.linMeihua.openId);
    await eventually(async () => (await groupOf(id))?.chatId);
    await f.openBot(Cu.liuFang.openId);
    await f.say(Cu.liuFang.openId, order.feishu?.bindCode ?? '');
    await eventually(async () => {
      const chat = (await f.chats())[0];
      return chat?.members.some((m) => m.openId === Cu.liuFang.openId);
    }, 15_000);
    expect(await f.chats()).toHaveLength(1);
  });

  it('still makes exactly one group through 232068, a rate limit and a lost answer', async () => {
    const { id, order } = await feishuOrder();
    await f.failChatCreates('creating', 1);
    await f.failChatCreates('rate_limited', 1);
    await f.failChatCreates('lost_504', 1);
    await f.openBot(Cu.chenXiaoming.openId);
    await f.say(Cu.chenXiaoming.openId, order.feishu?.bindCode ?? '');
    await eventually(async () => (await groupOf(id))?.chatId, 30_000);
    expect(await f.chats()).toHaveLength(1);
  });

  it('says which person the bot cannot reach (232043), and makes the group once they open the bot', async () => {
    const { id } = await feishuOrder({ openId: Cu.wangJianguo.openId });
    await eventually(async () => (await readOrder(id)).feishu?.problem?.code, 15_000);
    expect((await readOrder(id)).feishu?.problem?.message).toContain(Cu.wangJianguo.openId);
    await f.openBot(Cu.wangJianguo.openId);
    await eventually(async () => (await groupOf(id))?.chatId, 15_000);
    expect((await readOrder(id)).feishu?.problem).toBeNull();
  });

  it('refuses forged and undecryptable events with a 4xx, and ignores a replay', async () => {
    const forged = await f.pushForgery('bad_signature');
    const garbled = await f.pushForgery('undecryptable');
    expect([forged, garbled].map((r) => (r as { status: number }).status)).toEqual([401, 400]);
    const challenge = await f.challenge();
    expect(challenge).toMatchObject({ ok: true });

    // The same message event pushed again (Feishu retries until it hears 200): handled once.
    const customer = Cu.liuFang.openId;
    await f.openBot(customer);
    await f.say(customer, 'hello');
    await eventually(async () => (await botSaidTo(customer)).includes('没有识别到订单码'));
    const said = (await f.botMessages({ to: customer })).length;
    const message = (await f.deliveries()).filter((d) => d.eventType === 'im.message.receive_v1').at(-1);
    await f.replay(message?.eventKey ?? '');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await f.botMessages({ to: customer })).length).toBe(said);
  });
});
