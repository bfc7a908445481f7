import { Router } from 'express';
import { EventListQuery, OrderListQuery, UpsertOrderRequest } from '@kequn/contracts';
import type { Clock } from '@kequn/upstream';
import type { Sessions } from '../auth/sessions';
import type { Db } from '../db/schema';
import { dismissedGroupsOf, loadGroupState } from '../groups/group-view';
import { ApiError } from '../http/api-error';
import { jsonBody } from '../http/json-body';
import { orderNotFound, parseBody, parseOrderId, parseQuery, parseUserId } from '../http/validate';
import { listEvents, redeliver } from '../webhooks/event-log';
import { requireApiKey } from './api-keys';
import { listOrders } from './order-list';
import { orderLinks, toOrderResponse } from './order-response';
import { closeOrder, findOrder, upsertOrder, type OrderRecord } from './order-store';
import { qrPng, qrSvg } from './qr';

export interface BusinessDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  apiKeys: readonly string[];
  sessions: Sessions;
  /** What else closing an order ends (its join QR, when the join-QR route has made one). */
  onOrderClosed?: (orderId: string) => Promise<void>;
  /** A route's part of registering an order (the Feishu route: its code, maybe its group). */
  onOrderSaved?: (order: OrderRecord) => Promise<void>;
  /** A route's part of the order's answer (the Feishu route: `feishu`). */
  orderExtras?: (order: OrderRecord) => Promise<Record<string, unknown>>;
}

/** The business system's API: register orders, read their group, fetch the QR code. */
export function businessRoutes(deps: BusinessDeps): Router {
  const { db, clock, publicUrl } = deps;
  const router = Router();
  router.use('/api/v1', requireApiKey(deps.apiKeys));

  const loadOrder = async (orderId: string) => {
    const order = await findOrder(db, orderId);
    if (!order) throw orderNotFound(orderId);
    return order;
  };
  const orderResponse = async (order: OrderRecord) => {
    const [{ group }, dismissed] = await Promise.all([
      loadGroupState(db, order.orderId, new Date(clock.now())),
      dismissedGroupsOf(db, order.orderId),
    ]);
    return { ...toOrderResponse(publicUrl, order, group, dismissed), ...(await deps.orderExtras?.(order)) };
  };

  router.put('/api/v1/orders/:orderId', jsonBody('32kb'), async (req, res) => {
    const orderId = parseOrderId(req.params.orderId);
    const input = parseBody(UpsertOrderRequest, req.body);
    const created = await upsertOrder(db, orderId, input, new Date(clock.now()));
    const order = await loadOrder(orderId);
    await deps.onOrderSaved?.(order);
    res.status(created ? 201 : 200).json(await orderResponse(order));
  });

  router.get('/api/v1/orders', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await listOrders(db, parseQuery(OrderListQuery, req.query)));
  });

  // Closing keeps the group with the company (nothing in WeCom is dismissed); it stops what only
  // makes sense for an open order, like a join QR.
  router.delete('/api/v1/orders/:orderId', async (req, res) => {
    const orderId = parseOrderId(req.params.orderId);
    if (!(await closeOrder(db, orderId, new Date(clock.now())))) throw orderNotFound(orderId);
    await deps.onOrderClosed?.(orderId);
    res.json(await orderResponse(await loadOrder(orderId)));
  });

  router.get('/api/v1/events', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await listEvents(db, parseQuery(EventListQuery, req.query)));
  });

  router.post('/api/v1/events/:eventId/redeliver', async (req, res) => {
    const id = String(req.params.eventId);
    if (!/^evt_[A-Za-z0-9-]{1,64}$/.test(id) || !(await redeliver(db, id, new Date(clock.now())))) {
      throw new ApiError(404, 'event_not_found', `No webhook event ${id.slice(0, 80)}.`);
    }
    res.status(202).json({ id, state: 'pending' });
  });

  router.get('/api/v1/orders/:orderId', async (req, res) => {
    const order = await loadOrder(parseOrderId(req.params.orderId));
    res.set('Cache-Control', 'no-store').json(await orderResponse(order));
  });

  // The business system (HR offboarding, a security incident) ends every session of a person.
  router.delete('/api/v1/staff/:userId/sessions', async (req, res) => {
    const userId = parseUserId(req.params.userId);
    await deps.sessions.endAll(userId);
    res.status(204).end();
  });

  router.get('/api/v1/orders/:orderId/qr.svg', async (req, res) => {
    const order = await loadOrder(parseOrderId(req.params.orderId));
    res.type('image/svg+xml').send(await qrSvg(orderLinks(publicUrl, order.orderId).h5Url));
  });

  router.get('/api/v1/orders/:orderId/qr.png', async (req, res) => {
    const order = await loadOrder(parseOrderId(req.params.orderId));
    res.type('image/png').send(await qrPng(orderLinks(publicUrl, order.orderId).h5Url));
  });
  return router;
}
