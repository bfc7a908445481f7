import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FeishuSimulator } from '../app';
import { DEMO_FEISHU } from '../tenant/demo';
import { openApi, orderChatBody, tenantToken, testFeishu } from '../test-helpers';

const { staff: S, customers: C } = DEMO_FEISHU;
let sim: FeishuSimulator;
let api: ReturnType<typeof openApi>;

beforeEach(async () => {
  sim = testFeishu();
  api = openApi(sim, await tenantToken(sim));
});

const text = (t: string) => JSON.stringify({ text: t });
const send = (receive_id_type: string, body: Record<string, unknown>) =>
  api.post('/im/v1/messages', body, { receive_id_type });

describe('POST /im/v1/messages', () => {
  it('lets the bot write to staff at once', async () => {
    const res = await send('open_id', { receive_id: S.lisi.openId, msg_type: 'text', content: text('新订单 A1001') });
    expect(res.body.code).toBe(0);
    expect(res.body.data).toMatchObject({
      msg_type: 'text',
      sender: { id: DEMO_FEISHU.appId, id_type: 'app_id', sender_type: 'app' },
      body: { content: text('新订单 A1001') },
    });
    expect(res.body.data.message_id).toMatch(/^om_[0-9a-f]{32}$/);
    expect(res.body.data.chat_id).toMatch(/^oc_/);
  });

  it('answers 230013 for a customer until they open the bot, then delivers', async () => {
    const body = { receive_id: C.chenXiaoming.openId, msg_type: 'text', content: text('您好') };
    const before = await send('open_id', body);
    expect(before.status).toBe(400);
    expect(before.body.code).toBe(230013);
    const opened = await request(sim.app).post(`/__feishu-sim/people/${C.chenXiaoming.openId}/open-bot`);
    const after = await send('open_id', body);
    expect(after.body.code).toBe(0);
    expect(after.body.data.chat_id).toBe(opened.body.chatId);
    const log = await request(sim.app).get('/__feishu-sim/messages').query({ to: C.chenXiaoming.openId });
    expect(log.body.messages).toEqual([
      expect.objectContaining({ from: 'bot', to: C.chenXiaoming.openId, msgType: 'text', text: '您好' }),
    ]);
  });

  it('records posts and cards with their readable words', async () => {
    const post = { zh_cn: { title: '订单提醒', content: [[{ tag: 'text', text: '请确认收货地址' }]] } };
    const card = { header: { title: { tag: 'plain_text', content: '加入订单群' } }, elements: [] };
    await send('open_id', { receive_id: S.lisi.openId, msg_type: 'post', content: JSON.stringify(post) });
    await send('open_id', { receive_id: S.lisi.openId, msg_type: 'interactive', content: JSON.stringify(card) });
    const texts = sim.state.messages.list({ peer: S.lisi.openId }).map((m) => m.text);
    expect(texts).toEqual(['订单提醒\n请确认收货地址', '加入订单群']);
  });

  it('writes to a group chat the bot is in, by chat_id', async () => {
    await request(sim.app).post(`/__feishu-sim/people/${C.linMeihua.openId}/open-bot`);
    const chat = await api.post('/im/v1/chats', orderChatBody(C.linMeihua.openId));
    const chatId = chat.body.data.chat_id as string;
    const res = await send('chat_id', { receive_id: chatId, msg_type: 'text', content: text('欢迎') });
    expect(res.body.data.chat_id).toBe(chatId);
    const log = await request(sim.app).get('/__feishu-sim/messages').query({ chatId });
    expect(log.body.messages.map((m: { text: string }) => m.text)).toEqual(['欢迎']);
    expect((await send('chat_id', { receive_id: 'oc_missing', msg_type: 'text', content: text('x') })).body.code).toBe(
      230001,
    );
  });

  it('sends a message once per uuid', async () => {
    const body = { receive_id: S.lisi.openId, msg_type: 'text', content: text('一次'), uuid: 'notice-1' };
    const a = await send('open_id', body);
    const b = await send('open_id', body);
    expect(b.body.data.message_id).toBe(a.body.data.message_id);
    expect(sim.state.messages.list({ peer: S.lisi.openId })).toHaveLength(1);
  });

  it('answers 230001 to bad content, types and receive_id_type', async () => {
    const base = { receive_id: S.lisi.openId, msg_type: 'text' };
    expect((await send('open_id', { ...base, content: 'not json' })).body.code).toBe(230001);
    expect((await send('open_id', { ...base, content: JSON.stringify({ title: 'x' }) })).body.code).toBe(230001);
    expect((await send('open_id', { ...base, msg_type: 'image', content: '{}' })).body.code).toBe(230001);
    expect((await send('union_id', { ...base, content: text('x') })).body.code).toBe(230001);
    expect((await send('open_id', { ...base, receive_id: 'ou_nobody', content: text('x') })).body.code).toBe(230001);
  });
});
