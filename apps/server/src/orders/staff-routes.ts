import { Router, type Request } from 'express';
import { BindGroupRequest, CancelIntentQuery, GroupIntentRequest, type OrderLookup } from '@kequn/contracts';
import type { Clock } from '@kequn/upstream';
import { requireStaff, staffOf, type Sessions } from '../auth/sessions';
import type { CustomerFinder } from '../customers/customer-finder';
import type { Db } from '../db/schema';
import type { GroupService } from '../groups/group-service';
import type { GroupSync } from '../groups/group-sync';
import { ApiError, badRequest } from '../http/api-error';
import { jsonBody } from '../http/json-body';
import { sameOrigin } from '../http/same-origin';
import { parseBody, parseQuery } from '../http/validate';
import { recordOrderEvent } from '../console/order-events';
import { findBinding } from '../groups/binding-store';
import { lookupOrders } from './order-lookup';
import type { OrderRecord } from './order-store';
import { orderForStaff } from './staff-access';
import { buildStaffView, knownCustomerIds } from './staff-view';

export interface StaffDeps {
  db: Db;
  clock: Clock;
  sessions: Sessions;
  customers: CustomerFinder;
  groups: GroupService;
  defaultMembers: readonly string[];
  adminUserIds: readonly string[];
  /** Origins our pages are served from: state-changing calls from anywhere else are refused. */
  allowedOrigins: readonly string[];
  /** Re-reads a bound group from its platform (members; a group gone is marked dismissed). */
  sync: Pick<GroupSync, 'sync'>;
}

const CHAT_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The H5 page's API. The staff id always comes from the session. */
export function staffRoutes(deps: StaffDeps): Router {
  const { db, groups, customers } = deps;
  const router = Router();
  router.use('/api/orders', sameOrigin(deps.allowedOrigins), requireStaff(deps.sessions));
  const json = jsonBody('16kb');

  const orderFor = (rawId: unknown, userId: string): Promise<OrderRecord> =>
    orderForStaff(db, rawId, userId, deps.adminUserIds);

  router.get('/api/orders', async (req, res) => {
    const { userId } = staffOf(res);
    const by = lookupKey(req.query);
    const orders = await lookupOrders(db, by, { userId, isAdmin: deps.adminUserIds.includes(userId) });
    const nextBefore = 'mine' in by && orders.length === LOOKUP_PAGE ? (orders.at(-1)?.updatedAt ?? null) : null;
    res
      .set('Cache-Control', 'no-store')
      .json({ orders, ...('mine' in by ? { nextBefore } : {}) } satisfies OrderLookup);
  });

  // A customer picked in the page's picker, by name (cached like the order's own customer).
  router.get('/api/customers/:externalUserId', requireStaff(deps.sessions), async (req, res) => {
    const { userId } = staffOf(res);
    const id = String(req.params.externalUserId);
    if (!EXTERNAL_USER_ID.test(id)) throw badRequest('invalid_lookup', 'externalUserId: letters, digits, _ and -.');
    const lookup = await customers.profileOf(userId, id);
    if (!lookup.found) throw new ApiError(404, 'customer_not_found', lookup.message);
    res.set('Cache-Control', 'private, max-age=60').json(lookup.customer);
  });

  const viewOf = (order: OrderRecord, userId: string) =>
    buildStaffView(db, order, userId, {
      customers,
      defaultMembers: deps.defaultMembers,
      now: new Date(deps.clock.now()),
    });

  router.get('/api/orders/:orderId', async (req, res) => {
    const { userId } = staffOf(res);
    const order = await orderFor(req.params.orderId, userId);
    const view = await viewOf(order, userId);
    await recordOrderEvent(db, order.orderId, 'page_opened', new Date(deps.clock.now()));
    res.set('Cache-Control', 'no-store').json(view);
  });

  // The client could not open the order's group: ask WeCom how it is now (dismissed with the
  // event lost, or this staff member no longer in it) before the page says what to do.
  router.post('/api/orders/:orderId/group/refresh', async (req, res) => {
    const { userId } = staffOf(res);
    const order = await orderFor(req.params.orderId, userId);
    const chatId = (await findBinding(db, order.orderId))?.chatId;
    if (!chatId) throw new ApiError(404, 'group_not_found', 'This order has no group to refresh.');
    await deps.sync.sync(chatId);
    res.set('Cache-Control', 'no-store').json(await viewOf(order, userId));
  });

  router.post('/api/orders/:orderId/group/intent', json, async (req, res) => {
    const { userId } = staffOf(res);
    const order = await orderFor(req.params.orderId, userId);
    const body = parseBody(GroupIntentRequest, req.body ?? {});
    const ids = [...new Set([...(await knownCustomerIds(order, userId, customers)), ...(body.externalUserIds ?? [])])];
    res.json(await groups.startIntent(order.orderId, userId, ids, body.token));
  });

  router.delete('/api/orders/:orderId/group/intent', async (req, res) => {
    const { userId } = staffOf(res);
    const order = await orderFor(req.params.orderId, userId);
    const { token } = parseQuery(CancelIntentQuery, req.query);
    await groups.cancelIntent(order.orderId, userId, token);
    res.status(204).end();
  });

  router.post('/api/orders/:orderId/group', json, async (req, res) => {
    const { userId } = staffOf(res);
    const order = await orderFor(req.params.orderId, userId);
    const { chatId } = parseBody(BindGroupRequest, req.body);
    if (chatId === null) {
      const ids = await knownCustomerIds(order, userId, customers);
      const { bound, group } = await groups.expectCallback(order.orderId, userId, ids);
      res.status(bound ? 200 : 202).json(group);
      return;
    }
    if (!CHAT_ID.test(chatId))
      throw badRequest('invalid_chat_id', 'chatId must be the chatId openEnterpriseChat returned.');
    const { created, verified, group } = await groups.bind(order.orderId, userId, chatId);
    res.status(!verified ? 202 : created ? 201 : 200).json(group);
  });
  return router;
}

const EXTERNAL_USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

const LOOKUP_PAGE = 20;

/**
 * Exactly one of chatId (a group's toolbar), externalUserId (a customer's toolbar or profile) or
 * mine=1 (the workbench: the staff member's recent orders, `before` = the last one's updatedAt).
 */
function lookupKey(
  query: Request['query'],
): { chatId: string } | { externalUserId: string } | { mine: true; before?: Date } {
  const { chatId, externalUserId, mine, before } = query;
  if (mine === '1' && chatId === undefined && externalUserId === undefined) {
    if (before === undefined) return { mine: true };
    const at = typeof before === 'string' ? new Date(before) : new Date(NaN);
    if (Number.isNaN(at.getTime()))
      throw badRequest('invalid_lookup', 'before must be an updatedAt this API returned.');
    return { mine: true, before: at };
  }
  if (typeof chatId === 'string' && externalUserId === undefined && CHAT_ID.test(chatId)) return { chatId };
  if (typeof externalUserId === 'string' && chatId === undefined && EXTERNAL_USER_ID.test(externalUserId)) {
    return { externalUserId };
  }
  throw badRequest(
    'invalid_lookup',
    'Give exactly one of chatId, externalUserId or mine=1 (letters, digits, _ and -).',
  );
}
