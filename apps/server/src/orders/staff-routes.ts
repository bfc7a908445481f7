import { Router, type Request } from 'express';
import { BindGroupRequest, CancelIntentQuery, GroupIntentRequest, type OrderLookup } from '@kequn/contracts';
import type { Clock } from '@kequn/wecom';
import { requireStaff, staffOf, type Sessions } from '../auth/sessions';
import type { CustomerFinder } from '../customers/customer-finder';
import type { Db } from '../db/schema';
import type { GroupService } from '../groups/group-service';
import { badRequest } from '../http/api-error';
import { jsonBody } from '../http/json-body';
import { sameOrigin } from '../http/same-origin';
import { orderNotFound, parseBody, parseOrderId, parseQuery } from '../http/validate';
import { lookupOrders } from './order-lookup';
import { findOrder, type OrderRecord } from './order-store';
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
}

const CHAT_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The H5 page's API. The staff id always comes from the session. */
export function staffRoutes(deps: StaffDeps): Router {
  const { db, groups, customers } = deps;
  const router = Router();
  router.use('/api/orders', sameOrigin(deps.allowedOrigins), requireStaff(deps.sessions));
  const json = jsonBody('16kb');

  /** The order, if the signed-in staff member is on it (or an admin). */
  const orderFor = async (rawId: unknown, userId: string): Promise<OrderRecord> => {
    const orderId = parseOrderId(rawId);
    const order = await findOrder(db, orderId);
    // An order of others answers like one that does not exist: staff cannot probe for order ids.
    if (!order || (!order.staffUserIds.includes(userId) && !deps.adminUserIds.includes(userId))) {
      throw orderNotFound(orderId);
    }
    return order;
  };

  router.get('/api/orders', async (req, res) => {
    const { userId } = staffOf(res);
    const by = lookupKey(req.query);
    const orders = await lookupOrders(db, by, { userId, isAdmin: deps.adminUserIds.includes(userId) });
    res.set('Cache-Control', 'no-store').json({ orders } satisfies OrderLookup);
  });

  router.get('/api/orders/:orderId', async (req, res) => {
    const { userId } = staffOf(res);
    const order = await orderFor(req.params.orderId, userId);
    const now = new Date(deps.clock.now());
    const view = await buildStaffView(db, order, userId, { customers, defaultMembers: deps.defaultMembers, now });
    res.set('Cache-Control', 'no-store').json(view);
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

/** Exactly one of chatId (a group's toolbar) or externalUserId (a customer's toolbar or profile). */
function lookupKey(query: Request['query']): { chatId: string } | { externalUserId: string } {
  const { chatId, externalUserId } = query;
  if (typeof chatId === 'string' && externalUserId === undefined && CHAT_ID.test(chatId)) return { chatId };
  if (typeof externalUserId === 'string' && chatId === undefined && EXTERNAL_USER_ID.test(externalUserId)) {
    return { externalUserId };
  }
  throw badRequest('invalid_lookup', 'Give exactly one of chatId or externalUserId (letters, digits, _ and -).');
}
