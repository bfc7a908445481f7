import { API_KEY, OWNER, type World } from './world';

export interface OrderQr {
  orderId: string;
  chatId: string;
  configId: string;
  state: string;
}

async function business<T>(world: World, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${world.server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${API_KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/**
 * `groups` shell groups made in the client and registered in the pool, then one order per group
 * with its join QR (each takes a pool group).
 */
export async function ordersWithJoinQrs(world: World, groups: number, prefix: string): Promise<OrderQr[]> {
  const shells: string[] = [];
  for (let i = 0; i < groups; i += 1) {
    shells.push((await world.control.createGroup({ owner: OWNER, name: `压测壳群 ${i + 1}` })).chatId);
  }
  for (let i = 0; i < shells.length; i += 100) {
    const { refused } = await business<{ refused: unknown[] }>(world, 'POST', '/api/v1/pool/groups', {
      chatIds: shells.slice(i, i + 100),
    });
    if (refused.length) throw new Error(`pool refused ${JSON.stringify(refused)}`);
  }
  const orders: OrderQr[] = [];
  for (let i = 0; i < groups; i += 1) {
    const orderId = `${prefix}-${String(i + 1).padStart(3, '0')}`;
    await business(world, 'PUT', `/api/v1/orders/${orderId}`, {
      title: `压测订单 ${i + 1}`,
      customer: { mobile: '13800138000' },
      staffUserIds: [OWNER],
    });
    orders.push(await business<OrderQr>(world, 'POST', `/api/v1/orders/${orderId}/join-qr`));
  }
  return orders;
}

export interface OrderMembers {
  status: string;
  customers: string[];
}

/** What GET /api/v1/orders/:id says: the group's status and its customers now in it. */
export async function orderMembers(world: World, orderId: string): Promise<OrderMembers> {
  const order = await business<{
    group: { status: string; members: Array<{ id: string; type: string; leftAt: string | null }> } | null;
  }>(world, 'GET', `/api/v1/orders/${orderId}`);
  const members = order.group?.members ?? [];
  return {
    status: order.group?.status ?? 'none',
    customers: members.filter((m) => m.type === 'customer' && m.leftAt === null).map((m) => m.id),
  };
}
