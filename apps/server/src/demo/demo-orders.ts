import type { UpsertOrderRequest } from '@kequn/contracts';
import type { Clock } from '@kequn/wecom';
import type { Db } from '../db/schema';
import { findOrder, upsertOrder } from '../orders/order-store';

/**
 * Orders a demo visitor can open right away, matching the simulator's demo corp: one whose
 * customer is found by the mobile zhangsan noted, one to pick a customer for, one that needs a
 * colleague (only zhangsan and the customer). Existing orders are left as they are.
 */
export const DEMO_ORDERS: Record<string, UpsertOrderRequest> = {
  'DEMO-1001': {
    title: '空调安装 · 陈先生',
    customer: { mobile: '13800138001', name: '陈晓明' },
    staffUserIds: ['zhangsan', 'lisi'],
    groupName: '陈先生空调安装服务群',
  },
  'DEMO-1002': {
    title: '净水器维修',
    customer: { mobile: '13000000000', name: '未登记手机号的客户' },
    staffUserIds: ['zhangsan', 'lisi'],
  },
  'DEMO-1003': {
    title: '燃气灶更换 · 林女士',
    customer: { mobile: '13900139002' },
    staffUserIds: ['zhangsan'],
  },
};

export const FIRST_DEMO_ORDER = 'DEMO-1001';

export async function seedDemoOrders(db: Db, clock: Clock): Promise<void> {
  for (const [orderId, order] of Object.entries(DEMO_ORDERS)) {
    if (!(await findOrder(db, orderId))) await upsertOrder(db, orderId, order, new Date(clock.now()));
  }
}
