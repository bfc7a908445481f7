// What a burst must show: at most 50 chat creations in any second (the simulator's call log),
// exactly one chat per order (counting every chat the simulator made), the server showing that
// chat on the order, and one group.created / customer member_joined webhook per order.
import type { ChatView } from '@kequn/feishu-sim';
import type { WebhookReceiver } from '../../apps/server/src/testing/harness';
import { businessCall, type Order } from './burst';
import { pool } from './world';

export const LIMIT_PER_SECOND = 50;

export interface RateFigures {
  calls: number;
  maxCalendarSecond: number;
  maxSlidingSecond: number;
  perSecond: number[];
}

/** Creates per second from the arrival times: calendar seconds, and any sliding 1 s window. */
export function rateFigures(arrivals: number[]): RateFigures {
  const first = Math.floor((arrivals[0] ?? 0) / 1000);
  const perSecond: number[] = [];
  for (const t of arrivals) {
    const s = Math.floor(t / 1000) - first;
    perSecond[s] = (perSecond[s] ?? 0) + 1;
  }
  let maxSliding = 0;
  let start = 0;
  arrivals.forEach((t, end) => {
    while (t - (arrivals[start] ?? t) >= 1000) start += 1;
    maxSliding = Math.max(maxSliding, end - start + 1);
  });
  const filled = Array.from(perSecond, (n) => n ?? 0);
  return {
    calls: arrivals.length,
    maxCalendarSecond: Math.max(0, ...filled),
    maxSlidingSecond: maxSliding,
    perSecond: filled,
  };
}

export interface GroupFigures {
  chats: number;
  ordersWithOneChat: number;
  ordersWithoutChat: string[];
  ordersWithSeveral: string[];
  strayChats: number;
  serverAgrees: number;
  serverProblems: string[];
}

export async function groupFigures(url: string, orders: Order[], chats: ChatView[]): Promise<GroupFigures> {
  const byCustomer = new Map<string, ChatView[]>();
  for (const chat of chats)
    for (const m of chat.members) byCustomer.set(m.openId, [...(byCustomer.get(m.openId) ?? []), chat]);
  const customers = new Set(orders.map((o) => o.customer));
  const stray = chats.filter((c) => !c.members.some((m) => customers.has(m.openId)));
  const serverProblems: string[] = [];
  const agreed = await pool(orders, 16, async (order) => {
    const mine = byCustomer.get(order.customer) ?? [];
    const group = (await businessCall(url, 'GET', `/api/v1/orders/${order.id}`)).group;
    const ok = mine.length === 1 && group?.chatId === mine[0]?.chatId && group?.platform === 'feishu';
    if (!ok && serverProblems.length < 5)
      serverProblems.push(`${order.id}: server shows ${group?.chatId ?? 'no group'}, simulator has ${mine.length}`);
    return ok;
  });
  return {
    chats: chats.length,
    ordersWithOneChat: orders.filter((o) => byCustomer.get(o.customer)?.length === 1).length,
    ordersWithoutChat: orders.filter((o) => !byCustomer.get(o.customer)).map((o) => o.id),
    ordersWithSeveral: orders.filter((o) => (byCustomer.get(o.customer)?.length ?? 0) > 1).map((o) => o.id),
    strayChats: stray.length,
    serverAgrees: agreed.filter(Boolean).length,
    serverProblems,
  };
}

export interface WebhookFigures {
  created: { once: number; twice: string[] };
  joined: { once: number; twice: string[] };
}

/** Distinct webhook event ids per order (a redelivered id is the same event, not a second one). */
export function webhookFigures(hooks: WebhookReceiver, orders: Order[]): WebhookFigures {
  const count = (type: string, filter: (d: Record<string, unknown>) => boolean) => {
    const ids = new Map<string, Set<string>>();
    for (const d of hooks.ofType(type))
      if (filter(d.data)) {
        const orderId = String(d.data.orderId);
        ids.set(orderId, (ids.get(orderId) ?? new Set()).add(d.id));
      }
    return {
      once: orders.filter((o) => ids.get(o.id)?.size === 1).length,
      twice: orders.filter((o) => (ids.get(o.id)?.size ?? 0) > 1).map((o) => o.id),
    };
  };
  return {
    created: count('group.created', () => true),
    joined: count('group.member_joined', (d) => (d.member as { type?: string } | undefined)?.type === 'customer'),
  };
}
