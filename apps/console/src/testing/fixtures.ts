import {
  ConsoleFailures,
  ConsoleFigures,
  ConsoleOrderDetail,
  ConsoleOrderRow,
  ConsolePool,
  type ConsoleMe,
  type FunnelRow,
} from '@kequn/contracts';

export const admin = (): ConsoleMe => ({ userId: 'zhouba', role: 'admin' });
export const viewer = (): ConsoleMe => ({ userId: 'sunqi', role: 'viewer' });

export function orderRow(orderId: string, extra: Partial<ConsoleOrderRow> = {}): ConsoleOrderRow {
  return ConsoleOrderRow.parse({
    orderId,
    title: `订单 ${orderId}`,
    customer: { name: '陈晓明', mobile: null, externalUserId: 'wmChen' },
    staff: [{ userId: 'zhangsan', name: '张三' }],
    group: null,
    createdAt: '2025-03-01T01:00:00.000Z',
    updatedAt: '2025-03-01T01:00:00.000Z',
    closedAt: null,
    ...extra,
  });
}

export const group = (status: 'creating' | 'created' | 'confirmed' | 'dismissed' = 'confirmed') => ({
  chatId: 'wrChat1',
  status,
  platform: 'wecom' as const,
  route: 'jssdk' as const,
  verified: true,
});

export function orderDetail(extra: Partial<ConsoleOrderDetail> = {}): ConsoleOrderDetail {
  return ConsoleOrderDetail.parse({
    order: { ...orderRow('A-1', { group: group() }), groupName: '陈晓明的订单群' },
    group: {
      ...group(),
      createdBy: 'zhangsan',
      owner: 'zhangsan',
      createdAt: '2025-03-01T01:10:00.000Z',
      confirmedAt: '2025-03-01T01:10:05.000Z',
      dismissedAt: null,
    },
    members: [
      {
        id: 'zhangsan',
        type: 'staff',
        name: '张三',
        joinedAt: '2025-03-01T01:10:00.000Z',
        leftAt: null,
        joinScene: 1,
        joinState: null,
        via: 'invited',
      },
      {
        id: 'wmChen',
        type: 'customer',
        name: '陈晓明',
        joinedAt: '2025-03-01T01:30:00.000Z',
        leftAt: null,
        joinScene: 3,
        joinState: 'kqAbc',
        via: 'join_qr',
      },
    ],
    dismissedGroups: [
      {
        chatId: 'wrOld',
        createdBy: 'lisi',
        createdAt: '2025-02-01T01:00:00.000Z',
        confirmedAt: null,
        dismissedAt: '2025-02-20T01:00:00.000Z',
      },
    ],
    joinQr: {
      state: 'kqAbc',
      chatId: 'wrChat1',
      configId: 'cfg1',
      ready: true,
      readyAt: '2025-03-01T01:05:00.000Z',
      qrFullAt: null,
      createdAt: '2025-03-01T01:04:00.000Z',
    },
    deliveries: [
      {
        id: 'evt_ok',
        type: 'group.created',
        createdAt: '2025-03-01T01:10:00.000Z',
        state: 'delivered',
        attempts: 1,
        lastError: null,
      },
      {
        id: 'evt_bad',
        type: 'group.member_joined',
        createdAt: '2025-03-01T01:30:00.000Z',
        state: 'failed',
        attempts: 8,
        lastError: 'HTTP 500',
      },
    ],
    events: [{ kind: 'page_opened', at: '2025-03-01T01:02:00.000Z' }],
    ...extra,
  });
}

export function failures(): ConsoleFailures {
  return ConsoleFailures.parse({
    callbacks: [
      {
        id: 'cb-1',
        event: 'change_external_chat',
        chatId: 'wrChat1',
        receivedAt: '2025-03-01T01:00:00.000Z',
        failedAt: '2025-03-01T01:05:00.000Z',
        attempts: 5,
        lastError: 'groupchat/get 40050',
        fields: { ChangeType: 'update' },
      },
    ],
    webhooks: [
      {
        id: 'evt_bad',
        type: 'group.created',
        createdAt: '2025-03-01T01:00:00.000Z',
        state: 'failed',
        attempts: 8,
        lastError: 'HTTP 500',
        orderId: 'A-1',
        failedAt: '2025-03-01T02:00:00.000Z',
      },
    ],
    orphanJoinWays: [{ configId: 'cfgOrphan', orderId: 'A-9', chatId: 'wrX', createdAt: '2025-03-01T00:00:00.000Z' }],
  });
}

export function pool(available = true): ConsolePool {
  return ConsolePool.parse({
    available,
    total: available
      ? { free: 3, assigned: 5, nearQrCap: 1, qrFull: 0 }
      : { free: 0, assigned: 0, nearQrCap: 0, qrFull: 0 },
    owners: available
      ? [
          { owner: 'zhangsan', free: 1, assigned: 4, nearQrCap: 1, qrFull: 0 },
          { owner: 'lisi', free: 2, assigned: 1, nearQrCap: 0, qrFull: 0 },
        ]
      : [],
    alerts: available ? [{ scope: 'owner:zhangsan', low: true, changedAt: '2025-03-01T00:00:00.000Z' }] : [],
    liveJoinWays: available ? 5 : 0,
  });
}

const MIN = 60_000;
const funnel = (n: Partial<FunnelRow> = {}): FunnelRow => ({
  registered: 4,
  pageOpened: 3,
  groupCreated: 3,
  customerJoined: 2,
  toGroup: { count: 3, medianMs: 20 * MIN, p90Ms: 36 * MIN },
  toCustomer: { count: 2, medianMs: 65 * MIN, p90Ms: 93 * MIN },
  ...n,
});

export function figures(): ConsoleFigures {
  return ConsoleFigures.parse({
    from: '2025-03-01',
    to: '2025-03-02',
    total: funnel(),
    perStaff: [
      { userId: 'lisi', ...funnel({ registered: 2, groupCreated: 1 }) },
      { userId: 'zhangsan', ...funnel({ registered: 2, groupCreated: 2 }) },
    ],
    perDay: [
      { day: '2025-03-01', ...funnel({ registered: 2 }) },
      { day: '2025-03-02', ...funnel({ registered: 2 }) },
    ],
  });
}
