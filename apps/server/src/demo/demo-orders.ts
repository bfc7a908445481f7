import type { UpsertOrderRequest } from '@kequn/contracts';
import type { Clock } from '@kequn/wecom';
import { DEMO_FEISHU } from '@kequn/feishu-sim';
import { DEMO_POOL_CUSTOMER_ID } from '@kequn/wecom-sim';
import type { Db } from '../db/schema';
import { findOrder, upsertOrder } from '../orders/order-store';

/**
 * Orders a demo visitor can open right away, matching the simulator's demo corp: one whose
 * customer is found by the mobile zhangsan noted, one to pick a customer for, one that needs a
 * colleague (only zhangsan and the customer), and one whose customer is nobody's contact yet: it
 * gets a shell group from the pool and a join QR (POST /api/v1/orders/DEMO-1004/join-qr).
 * Existing orders are left as they are.
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
  'DEMO-1004': {
    title: '新客户首单 · 周小舟',
    customer: { externalUserId: DEMO_POOL_CUSTOMER_ID, name: '周小舟' },
    staffUserIds: ['zhangsan'],
    groupName: '周小舟服务群',
  },
};

export const FIRST_DEMO_ORDER = 'DEMO-1001';

/**
 * The Feishu route's demo order: staff 张三 (owner) and 李四 of the simulated Feishu tenant, no
 * customer yet: 陈晓明 opens the bot on the simulator's phone page and sends the order's code.
 */
export const FEISHU_DEMO_ORDER = 'DEMO-2001';
export const FEISHU_DEMO_CUSTOMER = DEMO_FEISHU.customers.chenXiaoming.openId;
const FEISHU_ORDERS: Record<string, UpsertOrderRequest> = {
  [FEISHU_DEMO_ORDER]: {
    title: '企业版开通 · 陈先生（飞书）',
    platform: 'feishu',
    staff: [
      { userId: DEMO_FEISHU.staff.zhangsan.openId, name: DEMO_FEISHU.staff.zhangsan.name },
      { userId: DEMO_FEISHU.staff.lisi.openId, name: DEMO_FEISHU.staff.lisi.name },
    ],
    groupName: '陈先生企业版开通群',
  },
};

export async function seedDemoOrders(db: Db, clock: Clock): Promise<void> {
  for (const [orderId, order] of Object.entries({ ...DEMO_ORDERS, ...FEISHU_ORDERS })) {
    if (!(await findOrder(db, orderId))) await upsertOrder(db, orderId, order, new Date(clock.now()));
  }
}
