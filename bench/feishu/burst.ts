// One burst: register the orders, let every customer open the bot and send their code within a
// few seconds (through the simulator, as the Feishu client would), and wait for the groups.
import { performance } from 'node:perf_hooks';
import { OrderResponse } from '@kequn/contracts';
import type { FeishuSimControl } from '@kequn/feishu-sim';
import { API_KEY, customerOf, pool, STAFF } from './world';

export interface Order {
  id: string;
  customer: string;
  code: string;
}

export async function businessCall(url: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return OrderResponse.parse(JSON.parse(text));
}

export async function registerOrders(url: string, run: string, count: number): Promise<Order[]> {
  const ids = Array.from({ length: count }, (_, i) => ({ id: `FB${run}-${String(i).padStart(3, '0')}`, i }));
  return pool(ids, 16, async ({ id, i }) => {
    const order = await businessCall(url, 'PUT', `/api/v1/orders/${id}`, {
      title: `飞书突发 ${id}`,
      platform: 'feishu',
      staffUserIds: STAFF,
    });
    if (!order.feishu) throw new Error(`${id} came back without its feishu part`);
    return { id, customer: customerOf(i), code: order.feishu.bindCode };
  });
}

/**
 * Every customer opens the bot and sends their code, the starts spread evenly over `spreadMs`.
 * Resolves when all have been sent (to the simulator; the server may be down meanwhile).
 */
export async function customersLink(sim: FeishuSimControl, orders: Order[], spreadMs: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    orders.map(async (order, i) => {
      await sleep((spreadMs * i) / orders.length);
      await sim.openBot(order.customer);
      await sleep(200 + (i % 5) * 100); // reads the greeting's prompt, types the code
      await sim.say(order.customer, `订单码 ${order.code}`);
    }),
  );
  return performance.now() - started;
}

/** Polls the simulator until every order's customer is in a chat; the ms it took from `since`. */
export async function untilGroups(
  sim: FeishuSimControl,
  orders: Order[],
  since: number,
  timeoutMs: number,
  onProgress?: (chats: number) => Promise<void> | void,
): Promise<number | null> {
  const wanted = new Set(orders.map((o) => o.customer));
  for (;;) {
    const chats = await sim.chats();
    const inChats = new Set(chats.flatMap((c) => c.members.map((m) => m.openId)).filter((id) => wanted.has(id)));
    await onProgress?.(chats.length);
    if (inChats.size === wanted.size) return performance.now() - since;
    if (performance.now() - since > timeoutMs) return null;
    await sleep(200);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
