// The join-QR route against the simulator, on PGlite and PostgreSQL: shell groups staff made in
// the client go into a pool; each order takes one (atomically) and gets one join way whose
// `state` names it; customers scanning it are attributed to the order by that state.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OrderResponse, type JoinQr } from '@kequn/contracts';
import { DEMO_CHAT_IDS as G, DEMO_CUSTOMER_IDS as C } from '@kequn/wecom-sim';
import { ENGINES } from '../apps/server/src/testing/databases';
import { API_KEY, eventually, startHarness, type Harness } from '../apps/server/src/testing/harness';

/** The chatId openEnterpriseChat returned (the simulated client made the group). */
function made(result: { ok: boolean; chatId?: string | null }): string {
  if (!result.ok || !result.chatId) throw new Error('no group made');
  return result.chatId;
}

const ADD = '/cgi-bin/externalcontact/groupchat/add_join_way';
const GET_WAY = '/cgi-bin/externalcontact/groupchat/get_join_way';
const DEL = '/cgi-bin/externalcontact/groupchat/del_join_way';
const READ = '/cgi-bin/externalcontact/groupchat/get';

describe.each(ENGINES)('join-QR route on %s', (engine) => {
  let h: Harness;
  let seq = 0;

  const newOrder = async (staffUserIds = ['zhangsan'], externalUserId?: string): Promise<string> => {
    const id = `JQ-${engine.slice(0, 2)}-${++seq}`;
    const res = await h.business('PUT', `/api/v1/orders/${id}`, {
      title: id,
      customer: externalUserId ? { externalUserId } : { mobile: '13000000000', name: '新客户' },
      staffUserIds,
    });
    expect(res.status).toBe(201);
    return id;
  };
  const shells = async (n: number, owner = 'zhangsan'): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 1) ids.push((await h.control.createGroup({ owner, name: `壳群 ${i}` })).chatId);
    return ids;
  };
  const register = (chatIds: string[]) =>
    h.business<{ registered: Array<{ chatId: string }>; refused: Array<{ chatId: string; code: string }> }>(
      'POST',
      '/api/v1/pool/groups',
      { chatIds },
    );
  const joinQr = (orderId: string) => h.business<JoinQr>('POST', `/api/v1/orders/${orderId}/join-qr`);
  const calls = async (path: string) => (await h.control.calls())[path] ?? 0;
  const liveWays = async () => (await h.control.joinWays()).joinWays.map((w) => String(w.config_id));

  beforeAll(async () => {
    h = await startHarness({ engine });
  });
  afterAll(() => h?.close());
  beforeEach(async () => {
    // Each test builds its own pool: what earlier tests left free is dropped.
    const { db } = h.server.database;
    await db.deleteFrom('pool_groups').where('status', '=', 'free').execute();
    await db.deleteFrom('pool_alerts').execute();
    await h.control.clearFaults();
    await h.control.resetCalls();
  });

  it('registers empty customer groups and says why it refuses the others', async () => {
    const [good] = await shells(1);
    const [theirs] = await shells(1, 'lisi');
    const internal = made(
      await h.control.openEnterpriseChat({
        callerUserId: 'zhangsan',
        appIdentity: true,
        groupName: '内部群',
        userIds: ['lisi', 'wangwu'],
        externalUserIds: [],
      }),
    );
    const dismissed = (await shells(1))[0] as string;
    await h.control.dismissGroup(dismissed);
    const res = await register([good as string, theirs as string, G.vipGroup, internal, dismissed]);
    expect(res.status).toBe(200);
    expect(res.body.registered.map((r) => r.chatId).sort()).toEqual([good, theirs].sort());
    const why = Object.fromEntries(res.body.refused.map((r) => [r.chatId, r.code]));
    expect(why).toEqual({
      [G.vipGroup]: 'has_customers',
      [internal]: 'not_customer_group',
      [dismissed]: 'chat_gone',
    });
    // Registering again is harmless.
    expect((await register([good as string])).body.registered).toHaveLength(1);
    const pool = await h.business<{ free: number; owners: Array<{ owner: string; free: number }> }>(
      'GET',
      '/api/v1/pool',
    );
    expect(pool.body.free).toBe(2);
    expect(pool.body.owners).toEqual([
      expect.objectContaining({ owner: 'lisi', free: 1 }),
      expect.objectContaining({ owner: 'zhangsan', free: 1 }),
    ]);
    // The toolbar's registration: only the signed-in owner's own group.
    const zhangsan = await h.signIn('zhangsan');
    const [mine] = await shells(1);
    expect((await zhangsan.post('/api/pool/groups', { chatId: mine })).status).toBe(201);
    const [lisis] = await shells(1, 'lisi');
    expect(await zhangsan.post('/api/pool/groups', { chatId: lisis })).toMatchObject({
      status: 403,
      body: { error: { code: 'chat_not_yours' } },
    });
    expect(
      (await h.business('POST', '/api/v1/pool/groups', { chatIds: [good] }, 'wrong-key-0123456789abcdef')).status,
    ).toBe(401);
  });

  it('gives 50 orders asking at once 50 distinct groups from a pool of 50', async () => {
    const pool = await shells(50);
    expect((await register(pool)).body.registered).toHaveLength(50);
    const orders = await Promise.all(Array.from({ length: 50 }, () => newOrder()));
    const answers = await Promise.all(orders.map(joinQr));
    expect(answers.map((a) => a.status)).toEqual(orders.map(() => 201));
    const chats = answers.map((a) => a.body.chatId);
    expect(new Set(chats).size).toBe(50);
    expect(new Set(chats)).toEqual(new Set(pool));
    expect(await calls(ADD)).toBe(50);
    const bindings = await h.server.database.db
      .selectFrom('bindings')
      .select(['order_id', 'chat_id', 'route', 'verified_at'])
      .where('order_id', 'in', orders)
      .execute();
    expect(bindings.every((b) => b.route === 'join_qr' && b.verified_at !== null)).toBe(true);
    expect(new Set(bindings.map((b) => b.chat_id)).size).toBe(50);
    const health = await h.business<{ free: number; assigned: number }>('GET', '/api/v1/pool');
    expect(health.body.free).toBe(0);
  });

  it('re-reads a shell when it is taken: one dismissed or given a customer since registration leaves the pool', async () => {
    const [dismissed, withCustomer, good] = await shells(3);
    expect((await register([dismissed, withCustomer, good] as string[])).body.registered).toHaveLength(3);
    await h.control.dismissGroup(dismissed as string);
    await h.control.addMembers(withCustomer as string, { externalUserIds: [C.xieTian], joinScene: 1 });
    const order = await newOrder();
    const answer = await joinQr(order);
    expect(answer.status).toBe(201);
    expect(answer.body.chatId).toBe(good);
    const pooled = await h.server.database.db.selectFrom('pool_groups').select('chat_id').execute();
    const ids = pooled.map((p) => p.chat_id);
    expect(ids).toContain(good);
    expect(ids).not.toContain(dismissed);
    expect(ids).not.toContain(withCustomer);
    expect(await calls(ADD)).toBe(1);
  });

  it('gives staff on the order its join QR from the staff page, and others the same 404 as a missing order', async () => {
    expect((await register(await shells(1))).body.registered).toHaveLength(1);
    const order = await newOrder(['zhangsan', 'lisi']);
    const lisi = await h.signIn('lisi');
    const first = await lisi.post(`/api/orders/${order}/join-qr`, {});
    expect(first.status).toBe(201);
    expect(Object.keys(first.body as object).sort()).toEqual(['chatId', 'createdAt', 'orderId', 'qrUrl']);
    const again = await (await h.signIn('zhangsan')).post(`/api/orders/${order}/join-qr`, {});
    expect(again).toMatchObject({ status: 200, body: first.body });
    const outsider = await (await h.signIn('wangwu')).post(`/api/orders/${order}/join-qr`, {});
    expect(outsider).toMatchObject({ status: 404, body: { error: { code: 'order_not_found' } } });
    expect(await calls(ADD)).toBe(1);
  });

  it('makes one join way for one order asked 20 times at once, and serves its PNG without a key', async () => {
    await register(await shells(1));
    const id = await newOrder();
    const answers = await Promise.all(Array.from({ length: 20 }, () => joinQr(id)));
    expect(new Set(answers.map((a) => a.body.configId)).size).toBe(1);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(await calls(ADD)).toBe(1);
    const qr = answers[0]?.body as JoinQr;
    expect(qr.state.length).toBeLessThanOrEqual(30);
    expect(qr.wecomQrUrl).toContain(`/__sim/qr/${qr.configId}`);
    const way = (await h.control.joinWays()).joinWays.find((w) => w.config_id === qr.configId);
    expect(way).toMatchObject({ scene: 2, auto_create_room: 0, chat_id_list: [qr.chatId], state: qr.state });
    // A copy of WeCom's own picture of the code (the simulator serves it as SVG), without a key.
    const png = await fetch(qr.qrUrl);
    expect(png.status).toBe(200);
    const original = await fetch(qr.wecomQrUrl);
    const typeOf = (res: Response) => res.headers.get('content-type')?.split(';', 1)[0];
    expect(typeOf(png)).toBe(typeOf(original));
    expect(Buffer.from(await png.arrayBuffer()).equals(Buffer.from(await original.arrayBuffer()))).toBe(true);
    expect((await fetch(`${h.base}/join-qr/${'x'.repeat(32)}.png`)).status).toBe(404);
    expect(await h.business('GET', `/api/v1/orders/${id}/join-qr`)).toMatchObject({ status: 200, body: qr });
    expect((await h.business('GET', `/api/v1/orders/${await newOrder()}/join-qr`)).status).toBe(404);
  });

  // Two instances share one database only on PostgreSQL (PGlite is one process's).
  if (engine === 'postgres')
    it('makes one join way when two instances are asked at once', async () => {
      await register(await shells(1));
      const id = await newOrder();
      const peer = await h.startPeer();
      const viaPeer = (path: string) =>
        fetch(`${peer.base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}` } });
      const answers = await Promise.all([
        ...Array.from({ length: 10 }, () => joinQr(id).then((r) => r.body.configId)),
        ...Array.from({ length: 10 }, () =>
          viaPeer(`/api/v1/orders/${id}/join-qr`).then(async (r) => ((await r.json()) as JoinQr).configId),
        ),
      ]);
      expect(new Set(answers).size).toBe(1);
      expect(await calls(ADD)).toBe(1);
    });

  it('reuses the stored config when get_join_way failed after add_join_way', async () => {
    await register(await shells(1));
    const id = await newOrder();
    await h.control.injectFault({ path: GET_WAY, errcode: -1, times: 10 });
    const failed = await joinQr(id);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    await h.control.clearFaults();
    const retried = await joinQr(id);
    expect(retried.status).toBe(201);
    expect(await calls(ADD)).toBe(1);
    expect(await liveWays()).toContain(retried.body.configId);
  });

  it('answers 409 pool_empty with the figures, and sends exactly one pool.low for the fall', async () => {
    const before = h.hooks.ofType('pool.low').length;
    await register(await shells(2));
    expect((await joinQr(await newOrder())).status).toBe(201);
    expect((await joinQr(await newOrder())).status).toBe(201);
    const empty = await joinQr(await newOrder());
    expect(empty).toMatchObject({
      status: 409,
      body: { error: { code: 'pool_empty', pool: { free: 0, lowWater: 5 } } },
    });
    expect((await joinQr(await newOrder())).status).toBe(409);
    await eventually(async () => h.hooks.ofType('pool.low').length > before);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.hooks.ofType('pool.low')).toHaveLength(before + 1);
    expect(h.hooks.ofType('pool.low').at(-1)?.data).toMatchObject({ lowWater: 5 });
    expect(h.logs()).toContain('shell-group pool below its low-water mark');
    const metrics = await fetch(`${h.base}/metrics`, { headers: { authorization: 'Bearer none' } });
    expect([200, 401, 404]).toContain(metrics.status);
  });

  it('deletes a join way on DELETE (the group stays bound); the sweep deletes an orphan and nothing else', async () => {
    await register(await shells(2));
    const a = await newOrder();
    const b = await newOrder();
    const qa = (await joinQr(a)).body;
    const qb = (await joinQr(b)).body;
    // del_join_way fails once: the config is off the order, still in our ledger.
    await h.control.injectFault({ path: DEL, errcode: -1, times: 10 });
    expect((await h.business('DELETE', `/api/v1/orders/${a}/join-qr`)).status).toBe(204);
    await h.control.clearFaults();
    expect((await h.business('GET', `/api/v1/orders/${a}/join-qr`)).status).toBe(404);
    expect((await fetch(qa.qrUrl)).status).toBe(404);
    expect(await liveWays()).toEqual(expect.arrayContaining([qa.configId, qb.configId]));
    const group = OrderResponse.parse((await h.business('GET', `/api/v1/orders/${a}`)).body).group;
    expect(group?.chatId).toBe(qa.chatId);
    await h.control.resetCalls();
    expect(await h.server.product.joinQr.service.sweepOnce()).toEqual({ deleted: 1, failed: 0 });
    expect(await calls(DEL)).toBe(1);
    const live = await liveWays();
    expect(live).not.toContain(qa.configId);
    expect(live).toContain(qb.configId);
    expect(await h.server.product.joinQr.service.sweepOnce()).toEqual({ deleted: 0, failed: 0 });
    // closeJoinWay (an order closing) deletes at once; a new QR for the order is a new join way.
    expect(await h.server.product.joinQr.closeJoinWay(b)).toBe(true);
    expect(await liveWays()).not.toContain(qb.configId);
    expect(await h.server.product.joinQr.closeJoinWay(b)).toBe(false);
    const again = await joinQr(a);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ chatId: qa.chatId, state: qa.state });
    expect(again.body.configId).not.toBe(qa.configId);
  });

  it('attributes a scan to the order by state, and sends member_joined once with via join_qr', async () => {
    await register(await shells(1));
    const id = await newOrder();
    const qr = (await joinQr(id)).body;
    await h.control.scanJoinWay(qr.configId, C.songYu);
    const joined = await eventually(async () => {
      const hooks = h.hooks.ofType('group.member_joined', id);
      return hooks.length > 0 ? hooks : undefined;
    });
    expect(joined[0]?.data).toMatchObject({
      orderId: id,
      chatId: qr.chatId,
      route: 'join_qr',
      via: 'join_qr',
      state: qr.state,
      member: { id: C.songYu, type: 'customer' },
    });
    await h.callbacksDelivered();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(h.hooks.ofType('group.member_joined', id)).toHaveLength(1);
    const member = await h.server.database.db
      .selectFrom('group_members')
      .selectAll()
      .where('chat_id', '=', qr.chatId)
      .where('member_id', '=', C.songYu)
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({ join_scene: 3, join_state: qr.state });
    const order = OrderResponse.parse((await h.business('GET', `/api/v1/orders/${id}`)).body);
    expect(order.group?.members.map((m) => m.id)).toContain(C.songYu);
  });

  it('gives a JS-SDK-bound group a join QR (no pool group taken) and attributes its scans', async () => {
    const zhangsan = await h.signIn('zhangsan');
    const id = await newOrder(['zhangsan'], C.chenXiaoming);
    const chatId = made(
      await h.control.openEnterpriseChat({
        callerUserId: 'zhangsan',
        appIdentity: true,
        groupName: 'JS-SDK 群',
        userIds: ['lisi'],
        externalUserIds: [C.chenXiaoming],
      }),
    );
    expect((await zhangsan.post(`/api/orders/${id}/group`, { chatId })).status).toBe(201);
    const qr = await joinQr(id);
    expect(qr).toMatchObject({ status: 201, body: { chatId } });
    await h.control.scanJoinWay(qr.body.configId, C.xieTian);
    const joined = await eventually(async () =>
      h.hooks.ofType('group.member_joined', id).find((d) => (d.data.member as { id: string }).id === C.xieTian),
    );
    expect(joined.data).toMatchObject({ route: 'jssdk', via: 'join_qr', state: qr.body.state });
  });

  it('re-reads a group at most 3 times for a burst of 10 joins', async () => {
    await register(await shells(1));
    const id = await newOrder();
    const qr = (await joinQr(id)).body;
    await h.control.resetCalls();
    const customers = Object.values(C).slice(0, 10);
    for (const c of customers) await h.control.scanJoinWay(qr.configId, c);
    await eventually(async () => h.hooks.ofType('group.member_joined', id).length >= 10, 15_000);
    await h.callbacksDelivered();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(h.hooks.ofType('group.member_joined', id)).toHaveLength(10);
    expect(h.hooks.ofType('group.member_joined', id).every((d) => d.data.via === 'join_qr')).toBe(true);
    expect(await calls(READ)).toBeLessThanOrEqual(3);
  });
});
