import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEMO_FEISHU } from '../tenant/demo';
import { openApi, orderChatBody, tenantToken, testFeishu } from '../test-helpers';
import { PHONE_SCRIPT } from './script';

const C = DEMO_FEISHU.customers;

describe('the phone page script', () => {
  it('is served from the module, not from a file beside it, and parses as a script', async () => {
    const sim = testFeishu();
    const js = await request(sim.app).get('/__feishu-sim/phone.js').expect(200);
    expect(js.headers['content-type']).toContain('application/javascript');
    expect(js.text).toBe(PHONE_SCRIPT);
    // A syntax error would only show in a browser otherwise.
    expect(() => new Function(PHONE_SCRIPT)).not.toThrow();
    expect(PHONE_SCRIPT).toContain("api('GET', '/groups')");
  });

  it('lists the group chats a person is in, for the page to show the order group', async () => {
    const sim = testFeishu();
    const customer = C.chenXiaoming.openId;
    const none = await request(sim.app).get(`/__feishu-sim/people/${customer}/groups`).expect(200);
    expect(none.body.groups).toEqual([]);
    await request(sim.app).post(`/__feishu-sim/people/${customer}/open-bot`).expect(200);
    const made = await openApi(sim, await tenantToken(sim)).post('/im/v1/chats', orderChatBody(customer));
    expect(made.body.code).toBe(0);
    const groups = (await request(sim.app).get(`/__feishu-sim/people/${customer}/groups`)).body.groups;
    expect(groups).toEqual([{ chatId: made.body.data.chat_id, name: '订单 A1001 服务群', external: true, members: 3 }]);
    const other = (await request(sim.app).get(`/__feishu-sim/people/${C.linMeihua.openId}/groups`)).body.groups;
    expect(other).toEqual([]);
    await request(sim.app).get('/__feishu-sim/people/ou_nobody/groups').expect(404);
  });
});
