import { Router } from 'express';
import { UpsertOrderRequest } from '@kequn/contracts';
import type { Clock } from '@kequn/wecom';
import type { Db } from '../db/schema';
import { dismissedGroupsOf, loadGroupState } from '../groups/group-view';
import { jsonBody } from '../http/json-body';
import type { Sessions } from '../auth/sessions';
import { orderNotFound, parseBody, parseOrderId, parseUserId } from '../http/validate';
import { requireApiKey } from './api-keys';
import { orderLinks, toOrderResponse } from './order-response';
import { findOrder, upsertOrder, type OrderRecord } from './order-store';
import { qrPng, qrSvg } from './qr';

export interface BusinessDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  apiKeys: readonly string[];
  sessions: Sessions;
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
    return toOrderResponse(publicUrl, order, group, dismissed);
  };

  router.put('/api/v1/orders/:orderId', jsonBody('32kb'), async (req, res) => {
    const orderId = parseOrderId(req.params.orderId);
    const input = parseBody(UpsertOrderRequest, req.body);
    const created = await upsertOrder(db, orderId, input, new Date(clock.now()));
    res.status(created ? 201 : 200).json(await orderResponse(await loadOrder(orderId)));
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
