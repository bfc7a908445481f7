// Response bodies for the fake server, parsed with the shared zod contracts so a fixture that
// drifts from what the server may send fails here instead of passing silently.
import {
  ApiErrorBody,
  GroupBinding,
  Me,
  PageSignatures,
  StaffOrderView,
  type Customer,
  type Participant,
} from '@kequn/contracts';

export const ORDER_ID = 'A1001';
export const CORP_ID = 'wwkequndemo0001';
export const AGENT_ID = '1000002';

export const me = (userId = 'zhangsan', name: string | null = '张三') => Me.parse({ userId, name, corpId: CORP_ID });

export const signatures = (seed = 1) =>
  PageSignatures.parse({
    corpId: CORP_ID,
    agentId: AGENT_ID,
    corp: { timestamp: 1_700_000_000 + seed, nonceStr: `corp-nonce-${seed}`, signature: `corp-sig-${seed}` },
    agent: { timestamp: 1_700_000_000 + seed, nonceStr: `agent-nonce-${seed}`, signature: `agent-sig-${seed}` },
  });

export const CHEN: Customer = { externalUserId: 'wmChenXiaoming0001', name: '陈晓明', avatar: null, type: 1 };
export const WANG: Customer = { externalUserId: 'wmWangJianguo0002', name: '王建国', avatar: null, type: 2 };

export const staff = (userId: string, name: string | null, source: Participant['source'] = 'order'): Participant => ({
  userId,
  name,
  source,
});

/** Zhang San (signed in) with Wang Wu on the order and Chen Xiaoming as the given customer. */
export function orderView(overrides: Partial<StaffOrderView> = {}): StaffOrderView {
  return StaffOrderView.parse({
    orderId: ORDER_ID,
    title: '陈晓明的装修订单',
    groupName: '陈晓明 · 订单 A1001 服务群',
    customer: { match: 'given', customers: [CHEN] },
    participants: [staff('zhangsan', '张三'), staff('wangwu', '王五', 'default')],
    group: null,
    creating: null,
    ...overrides,
  });
}

export function binding(chatId: string | null, status: GroupBinding['status'] = 'created'): GroupBinding {
  return GroupBinding.parse({
    chatId,
    status,
    createdBy: 'zhangsan',
    createdAt: '2025-03-01T08:00:00.000Z',
    members: [],
  });
}

export const lease = (by: string, secondsLeft = 60) => ({
  by,
  until: new Date(Date.now() + secondsLeft * 1000).toISOString(),
});

export const errorBody = (code: string, message = code) => ApiErrorBody.parse({ error: { code, message } });
