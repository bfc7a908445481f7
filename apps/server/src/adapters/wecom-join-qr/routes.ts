import { Router } from 'express';
import { z } from 'zod';
import { requireStaff, staffOf, type Sessions } from '../../auth/sessions';
import { ApiError } from '../../http/api-error';
import { jsonBody } from '../../http/json-body';
import { sameOrigin } from '../../http/same-origin';
import { parseBody, parseOrderId } from '../../http/validate';
import { requireApiKey } from '../../orders/api-keys';
import { RegisterPoolRequest, type StaffJoinQr } from '@kequn/contracts';
import type { Db } from '../../db/schema';
import { orderForStaff } from '../../orders/staff-access';
import type { JoinQrService } from './service';

const ChatId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'a chat id: letters, digits, _ and -');
const RegisterOneRequest = z.object({ chatId: ChatId }).strict();
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/** The business API of the join-QR route (bearer key). */
export function joinQrBusinessRoutes(service: JoinQrService, apiKeys: readonly string[]): Router {
  const router = Router();
  const auth = requireApiKey(apiKeys);
  router.use('/api/v1/pool', auth);
  router.use('/api/v1/orders/:orderId/join-qr', auth);
  const json = jsonBody('32kb');

  router.post('/api/v1/pool/groups', json, async (req, res) => {
    const { chatIds } = parseBody(RegisterPoolRequest, req.body);
    const results = await service.register(chatIds, 'api');
    res.json({
      registered: results.filter((r) => r.registered),
      refused: results.filter((r) => !r.registered),
      pool: await service.health(),
    });
  });

  router.get('/api/v1/pool', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await service.health());
  });

  router.post('/api/v1/orders/:orderId/join-qr', async (req, res) => {
    const orderId = parseOrderId(req.params.orderId);
    const { view, created } = await service.ensure(orderId);
    res.status(created ? 201 : 200).json(view);
  });

  router.get('/api/v1/orders/:orderId/join-qr', async (req, res) => {
    const orderId = parseOrderId(req.params.orderId);
    const view = await service.read(orderId);
    if (!view) throw new ApiError(404, 'join_qr_not_found', `Order ${orderId} has no join QR (POST makes one).`);
    res.set('Cache-Control', 'no-store').json(view);
  });

  router.delete('/api/v1/orders/:orderId/join-qr', async (req, res) => {
    const orderId = parseOrderId(req.params.orderId);
    if (!(await service.close(orderId))) {
      throw new ApiError(404, 'join_qr_not_found', `Order ${orderId} has no join QR.`);
    }
    res.status(204).end();
  });
  return router;
}

/**
 * The staff page's side: the group toolbar's "add this empty group to the pool" (the signed-in
 * staff member must own it), and an order's join QR for staff on the order to show a customer.
 */
export function joinQrStaffRoutes(
  service: JoinQrService,
  deps: { db: Db; sessions: Sessions; allowedOrigins: readonly string[]; adminUserIds: readonly string[] },
): Router {
  const router = Router();
  const guard = [sameOrigin(deps.allowedOrigins), requireStaff(deps.sessions)];
  router.use('/api/pool', ...guard);
  router.use('/api/orders/:orderId/join-qr', ...guard);
  router.post('/api/pool/groups', jsonBody('4kb'), async (req, res) => {
    const { userId } = staffOf(res);
    const { chatId } = parseBody(RegisterOneRequest, req.body);
    const [result] = await service.register([chatId], userId, userId);
    if (!result) throw new Error('no registration result');
    if (!result.registered) {
      const status = result.code === 'chat_not_yours' ? 403 : result.code === 'wecom_unavailable' ? 503 : 422;
      throw new ApiError(status, result.code, result.message, {
        chatId,
        ...(result.errcode ? { errcode: result.errcode } : {}),
      });
    }
    res.status(result.already ? 200 : 201).json(result);
  });

  router.post('/api/orders/:orderId/join-qr', async (req, res) => {
    const { userId } = staffOf(res);
    const order = await orderForStaff(deps.db, req.params.orderId, userId, deps.adminUserIds);
    const { view, created } = await service.ensure(order.orderId);
    const answer: StaffJoinQr = {
      orderId: view.orderId,
      chatId: view.chatId,
      qrUrl: view.qrUrl,
      createdAt: view.createdAt,
    };
    res.status(created ? 201 : 200).json(answer);
  });
  return router;
}

/**
 * The join QR anyone with the link may open (a customer, a printed page): the URL's token is
 * unguessable and changes when the join way is deleted. The picture is WeCom's own (qr-image.ts).
 */
export function joinQrImageRoutes(service: JoinQrService): Router {
  const router = Router();
  router.get('/join-qr/:file', async (req, res) => {
    const match = /^(.+)\.png$/.exec(req.params.file);
    const token = match?.[1];
    const image = token && TOKEN.test(token) ? await service.image(token) : null;
    if (image === null) throw new ApiError(404, 'join_qr_not_found', 'No such join QR (it may have been deleted).');
    if (image === 'unavailable') {
      throw new ApiError(503, 'join_qr_image_unavailable', 'WeCom’s QR picture could not be fetched; retry shortly.');
    }
    res.set('Cache-Control', 'private, max-age=300').type(image.type).send(image.bytes);
  });
  return router;
}
