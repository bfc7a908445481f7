import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_FEISHU,
  demoFeishuSeed,
  feishuSimControl,
  startFeishuSimulator,
  type FeishuSimControl,
  type StartedFeishuSimulator,
} from '@kequn/feishu-sim';
import { MemoryStore, systemClock, type CredentialStore } from '@kequn/upstream';
import { FeishuError } from '../errors/feishu-error';
import { createFeishuClient } from './feishu-client';

let sim: StartedFeishuSimulator;
let control: FeishuSimControl;
const calls: string[] = [];

const { zhangsan, lisi, wangwu } = DEMO_FEISHU.staff;
const { chenXiaoming, linMeihua } = DEMO_FEISHU.customers;
const TOKEN_PATH = 'POST /open-apis/auth/v3/tenant_access_token/internal';

function client(options: { store?: CredentialStore; appSecret?: string; timeoutMs?: number } = {}) {
  return createFeishuClient({
    appId: DEMO_FEISHU.appId,
    appSecret: options.appSecret ?? DEMO_FEISHU.appSecret,
    domain: sim.url,
    store: options.store ?? new MemoryStore(systemClock),
    timeoutMs: options.timeoutMs ?? 2_000,
    onCall: (api, result) => calls.push(`${api}:${result}`),
  });
}

const orderChat = (uuid: string, members: string[] = [lisi.openId, chenXiaoming.openId]) => ({
  uuid,
  ownerOpenId: zhangsan.openId,
  memberOpenIds: members,
  name: '订单 A1001 服务群',
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err as FeishuError,
  );

beforeAll(async () => {
  sim = await startFeishuSimulator({ port: 0 });
  control = feishuSimControl(sim.url);
});
afterAll(() => sim.close());
beforeEach(async () => {
  await control.reset();
  calls.length = 0;
});

describe('FeishuClient tenant token', () => {
  it('fetches the token once and reuses it across calls and clients sharing a store', async () => {
    const store = new MemoryStore(systemClock);
    await control.openBot(chenXiaoming.openId);
    const a = client({ store });
    const { chatId } = await a.createChat(orderChat('order-A1001'));
    await a.getChat(chatId);
    await client({ store }).listMembers(chatId);
    expect((await control.tokens()).fetches).toBe(1);
    expect(calls).toEqual([
      'auth.tenantAccessToken:ok',
      'im.chat.create:ok',
      'im.chat.get:ok',
      'im.chatMembers.get:ok',
    ]);
    expect(a.status()).toEqual([expect.objectContaining({ kind: 'tenantToken', cached: true, lastError: null })]);
  });

  it('drops a token Feishu calls invalid (99991663, HTTP 400), fetches a new one and retries once', async () => {
    const c = client();
    const before = await c.tenantToken();
    await control.revokeTokens();
    const view = await c.getChat(await seedChat());
    expect(view.ownerId).toBe(zhangsan.openId);
    expect(await c.tenantToken()).not.toBe(before);
    expect(calls.filter((x) => x.startsWith('im.chat.get'))).toEqual(['im.chat.get:99991663', 'im.chat.get:ok']);
  });

  it('lets an instance whose old token failed take the one another instance already fetched', async () => {
    const store = new MemoryStore(systemClock);
    const chatId = await seedChat();
    const [a, b] = [client({ store }), client({ store })];
    await Promise.all([a.getChat(chatId), b.getChat(chatId)]);
    await control.revokeTokens();
    await a.getChat(chatId); // drops the dead token, fetches a new one into the store
    await b.getChat(chatId); // its copy dies too; the store's newer token is kept and adopted
    expect(await b.tenantToken()).toBe(await a.tenantToken());
    expect((await control.tokens()).fetches).toBe(3); // seedChat's client, then a and b's first, then a's renewal
  });

  it('fails a wrong secret as configuration, without echoing it, and holds off re-fetching', async () => {
    const c = client({ appSecret: 'wrong-secret-value-123456' });
    const err = await failure(c.tenantToken());
    expect(err).toBeInstanceOf(FeishuError);
    expect(err).toMatchObject({
      code: 'feishu_invalid_app_secret',
      kind: 'config',
      httpStatus: 502,
      feishuCode: 10014,
    });
    expect(err.fix).toMatch(/FEISHU_APP_SECRET/);
    expect(JSON.stringify(err) + err.message + String(err.stack)).not.toContain('wrong-secret-value');
    await expect(c.getChat('oc_any')).rejects.toMatchObject({ code: 'feishu_invalid_app_secret' });
    expect((await control.calls())[TOKEN_PATH]).toBe(1);
    expect(c.status()[0]?.lastError).toBe('feishu_invalid_app_secret');
  });

  it('times out a slow answer as a transport error without the token in it', async () => {
    const c = client({ timeoutMs: 200 });
    const token = await c.tenantToken();
    await control.injectFault({ endpoint: 'GET /open-apis/im/v1/chats/:chat_id', latencyMs: 600, times: 1 });
    const err = await failure(c.getChat('oc_slow'));
    expect(err).toMatchObject({ code: 'feishu_unreachable', kind: 'transient', httpStatus: 503, retryable: true });
    expect(err.message).toMatch(/im\.chat\.get/);
    expect(JSON.stringify(err) + err.message).not.toContain(token);
  });
});

describe('FeishuClient.createChat', () => {
  it('makes one external group per uuid', async () => {
    await control.openBot(chenXiaoming.openId);
    const c = client();
    const first = await c.createChat(orderChat('order-A1002'));
    const again = await c.createChat(orderChat('order-A1002'));
    expect(again.chatId).toBe(first.chatId);
    expect(first).toMatchObject({ ownerId: zhangsan.openId, external: true, tenantKey: DEMO_FEISHU.tenant.tenantKey });
    const chats = await control.chats();
    expect(chats).toHaveLength(1);
    expect(chats[0]).toMatchObject({
      external: true,
      chatType: 'private',
      uuid: 'order-A1002',
      ownerId: zhangsan.openId,
    });
  });

  it('surfaces 232043 with the ids of the people the bot cannot reach', async () => {
    const err = await failure(client().createChat(orderChat('order-A1003', [lisi.openId, linMeihua.openId])));
    expect(err).toMatchObject({ code: 'feishu_ids_unavailable', kind: 'input', feishuCode: 232043, retryable: false });
    expect(err.ids).toEqual([linMeihua.openId]);
    expect(await control.chats()).toHaveLength(0);
  });

  it('maps 232068 (being created) as transient: a retry with the same uuid gets the chat', async () => {
    await control.openBot(chenXiaoming.openId);
    await control.failChatCreates('creating');
    const c = client();
    const err = await failure(c.createChat(orderChat('order-A1004')));
    expect(err).toMatchObject({
      code: 'feishu_chat_being_created',
      kind: 'transient',
      retryable: true,
      httpStatus: 503,
    });
    const chat = await c.createChat(orderChat('order-A1004'));
    expect((await control.chats()).map((x) => x.chatId)).toEqual([chat.chatId]);
  });

  it('maps 232019 and HTTP 429 as quota to back off from, with the reset time', async () => {
    await control.failChatCreates('rate_limited');
    const c = client();
    await expect(c.createChat(orderChat('order-A1005'))).rejects.toMatchObject({
      code: 'feishu_rate_limited',
      kind: 'quota',
      feishuCode: 232019,
      httpStatus: 503,
      retryable: true,
    });
    await control.failChatCreates('http_429', 1, 2);
    const err = await failure(c.createChat(orderChat('order-A1005')));
    expect(err).toMatchObject({ code: 'feishu_throttled', kind: 'quota', httpStatus: 503, retryAfterMs: 2_000 });
  });

  it.each(['lost_socket', 'lost_504'] as const)(
    'after a lost answer (%s) a retry with the same uuid returns the chat that was made',
    async (kind) => {
      await control.openBot(chenXiaoming.openId);
      await control.failChatCreates(kind);
      const c = client();
      const err = await failure(c.createChat(orderChat('order-A1006')));
      expect(err).toMatchObject({ code: 'feishu_unreachable', retryable: true });
      const [made] = await control.chats();
      expect(made).toBeDefined();
      expect((await c.createChat(orderChat('order-A1006'))).chatId).toBe(made!.chatId);
      expect(await control.chats()).toHaveLength(1);
    },
  );
});

describe('FeishuClient members, owner, messages', () => {
  it('adds members, listing the ones Feishu would not add, one add per chat at a time', async () => {
    await control.openBot(chenXiaoming.openId);
    const c = client();
    const { chatId } = await c.createChat(orderChat('order-A1007', [chenXiaoming.openId]));
    const [first, second] = await Promise.all([
      c.addMembers(chatId, [lisi.openId, linMeihua.openId]),
      c.addMembers(chatId, [wangwu.openId]),
    ]);
    expect(first).toEqual({ invalid: [linMeihua.openId], notExisted: [], pending: [] });
    expect(second).toEqual({ invalid: [], notExisted: [], pending: [] });
    const members = await c.listMembers(chatId);
    expect(members.map((m) => m.openId).sort()).toEqual(
      [zhangsan.openId, chenXiaoming.openId, lisi.openId, wangwu.openId].sort(),
    );
    expect(calls.filter((x) => x.startsWith('im.chatMembers.create'))).toEqual([
      'im.chatMembers.create:ok',
      'im.chatMembers.create:ok',
    ]);
  });

  it('adds in batches of 50 and reads every page of members', async () => {
    const seed = demoFeishuSeed();
    const extra = Array.from({ length: 130 }, (_, i) => ({
      openId: `ou_${(1000 + i).toString(16).padStart(32, '0')}`,
      name: `员工${i}`,
      userId: `staff${i}`,
    }));
    await control.seed({ ...seed, staff: [...seed.staff, ...extra] });
    const c = client();
    const { chatId } = await c.createChat(orderChat('order-A1008', [lisi.openId]));
    expect(
      await c.addMembers(
        chatId,
        extra.map((p) => p.openId),
      ),
    ).toEqual({ invalid: [], notExisted: [], pending: [] });
    const members = await c.listMembers(chatId);
    expect(members).toHaveLength(132);
    expect(new Set(members.map((m) => m.openId)).size).toBe(132);
    expect(calls.filter((x) => x === 'im.chatMembers.create:ok')).toHaveLength(3);
    expect(calls.filter((x) => x === 'im.chatMembers.get:ok')).toHaveLength(2);
  });

  it('reads a chat for the group reader and hands it over to another staff member', async () => {
    await control.openBot(chenXiaoming.openId);
    const c = client();
    const { chatId } = await c.createChat(orderChat('order-A1009'));
    expect(await c.getChat(chatId)).toMatchObject({
      chatId,
      ownerId: zhangsan.openId,
      external: true,
      status: 'normal',
      userCount: 3,
      botCount: 1,
    });
    await c.transferOwner(chatId, lisi.openId);
    expect((await c.getChat(chatId)).ownerId).toBe(lisi.openId);
    await expect(c.transferOwner(chatId, chenXiaoming.openId)).rejects.toMatchObject({
      code: 'feishu_owner_other_tenant',
    });
    await expect(c.getChat('oc_unknown')).rejects.toMatchObject({ code: 'feishu_chat_not_found', kind: 'input' });
  });

  it('sends a text to a person and a card to a chat', async () => {
    await control.openBot(chenXiaoming.openId);
    const c = client();
    const sent = await c.sendText({ openId: chenXiaoming.openId, text: '您好，请回复绑定码' });
    expect(sent.messageId).toBeTruthy();
    const { chatId } = await c.createChat(orderChat('order-A1010'));
    await c.sendCard({
      chatId,
      card: {
        header: { title: { tag: 'plain_text', content: '订单 A1001' } },
        elements: [
          {
            tag: 'action',
            actions: [
              {
                tag: 'button',
                text: { tag: 'plain_text', content: '查看' },
                url: 'https://example.com',
                type: 'primary',
              },
            ],
          },
        ],
      },
    });
    expect((await control.botMessages({ to: chenXiaoming.openId })).map((m) => m.text)).toContain('您好，请回复绑定码');
    expect(await control.botMessages({ chatId })).toHaveLength(1);
    await expect(c.sendText({ openId: linMeihua.openId, text: 'hi' })).rejects.toMatchObject({
      code: 'feishu_user_unreachable',
    });
  });
});

async function seedChat(): Promise<string> {
  await control.openBot(chenXiaoming.openId);
  const { chatId } = await client().createChat(orderChat(`seed-${Date.now()}`));
  calls.length = 0;
  return chatId;
}
