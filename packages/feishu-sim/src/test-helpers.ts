import request from 'supertest';
import { createFeishuSimulator, type FeishuSimulator, type FeishuSimulatorOptions } from './app';
import { createSimClock } from './clock';
import { DEMO_FEISHU } from './tenant/demo';

/** Shared by the tests beside the code: a simulator on a frozen clock, and a token for it. */
export function testFeishu(options: FeishuSimulatorOptions = {}): FeishuSimulator {
  return createFeishuSimulator({ clock: createSimClock(Date.UTC(2026, 0, 1)), ...options });
}

export async function tenantToken(sim: FeishuSimulator): Promise<string> {
  const res = await request(sim.app)
    .post('/open-apis/auth/v3/tenant_access_token/internal')
    .send({ app_id: DEMO_FEISHU.appId, app_secret: DEMO_FEISHU.appSecret });
  if (res.body.code !== 0) throw new Error(`token fetch failed: code ${String(res.body.code)}`);
  return res.body.tenant_access_token as string;
}

/** An authorized `/open-apis` call, like the official SDK makes it. */
export function openApi(sim: FeishuSimulator, token: string) {
  const auth = { authorization: `Bearer ${token}` };
  return {
    post: (path: string, body: unknown, query: Record<string, string> = {}) =>
      request(sim.app)
        .post(`/open-apis${path}`)
        .query(query)
        .set(auth)
        .send(body as object),
    put: (path: string, body: unknown, query: Record<string, string> = {}) =>
      request(sim.app)
        .put(`/open-apis${path}`)
        .query(query)
        .set(auth)
        .send(body as object),
    get: (path: string, query: Record<string, string> = {}) =>
      request(sim.app).get(`/open-apis${path}`).query(query).set(auth),
  };
}

/** The usual external group for an order: owner Zhang San, staff Li Si, and one customer. */
export function orderChatBody(customerOpenId: string, extra: Record<string, unknown> = {}) {
  return {
    name: '订单 A1001 服务群',
    owner_id: DEMO_FEISHU.staff.zhangsan.openId,
    user_id_list: [DEMO_FEISHU.staff.lisi.openId, customerOpenId],
    chat_mode: 'group',
    chat_type: 'private',
    external: true,
    ...extra,
  };
}
