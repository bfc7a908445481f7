import { Router } from 'express';
import QRCode from 'qrcode';
import type { Clock, Logger } from '@kequn/upstream';
import type { Db } from '../../db/schema';
import type { CallbackInbox } from '../../groups/inbox';
import type { PlatformEvent } from '../../groups/ports';
import { ApiError } from '../../http/api-error';
import type { OrderRecord } from '../../orders/order-store';
import type { Outbox } from '../../webhooks/events';
import type { FeishuPlatform } from '../feishu';
import { FeishuBot } from './bot';
import { codeOfToken, ensureCode, findCode, linkCustomer, linkedCustomers } from './codes';
import { GroupMaker } from './group-maker';

export interface FeishuBotRoute {
  /** The inbox carries the route's work (events, groups to make) through retries and restarts. */
  attach(inbox: CallbackInbox): void;
  routeEvent(event: PlatformEvent): Promise<'done' | 'retry'>;
  /** A Feishu order was registered: it gets its code, and a group when its customer is known. */
  orderSaved(order: OrderRecord): Promise<void>;
  /** The `feishu` part of the order's answer. */
  orderExtras(order: OrderRecord): Promise<Record<string, unknown>>;
  routers: Router[];
}

export function createFeishuBotRoute(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  outbox: Outbox;
  platform: FeishuPlatform;
  publicUrl: string;
}): FeishuBotRoute {
  const { db, clock, platform } = deps;
  let inbox: CallbackInbox | null = null;
  const botLink = `https://applink.feishu.cn/client/bot/open?appId=${encodeURIComponent(platform.appId)}`;
  const requestGroup = async (orderId: string) => {
    if (!inbox) throw new Error('the Feishu route is not attached to an inbox');
    const at = clock.now();
    await inbox.receive({
      key: `feishu-group:${orderId}:${at}`,
      platform: 'feishu',
      kind: 'route_event',
      action: 'ensure_group',
      orderId,
    });
  };
  const bot = new FeishuBot({ db, clock, logger: deps.logger, client: platform.client, requestGroup });
  const maker = new GroupMaker({
    db,
    clock,
    logger: deps.logger,
    outbox: deps.outbox,
    client: platform.client,
    notifyOwner: async (ownerOpenId, chatId, title) => {
      const link = `https://applink.feishu.cn/client/chat/open?openChatId=${encodeURIComponent(chatId)}`;
      await platform.client.sendText({
        openId: ownerOpenId,
        text: `「${title}」的客户群已建好，客户已在群里：${link}`,
      });
    },
  });
  return {
    attach(i) {
      inbox = i;
    },
    async routeEvent(event) {
      if (event.action === 'ensure_group' && event.orderId) return maker.ensure(event.orderId);
      return bot.handle(event);
    },
    async orderSaved(order) {
      if (order.platform !== 'feishu') return;
      const now = new Date(clock.now());
      await ensureCode(db, order.orderId, now);
      if (order.customerOpenId) {
        await linkCustomer(db, order.orderId, order.customerOpenId, now);
        await requestGroup(order.orderId);
      }
    },
    async orderExtras(order) {
      if (order.platform !== 'feishu') return {};
      const code = (await findCode(db, order.orderId)) ?? (await ensureCode(db, order.orderId, new Date(clock.now())));
      return {
        feishu: {
          bindCode: code.code,
          botLink,
          customerQrUrl: `${deps.publicUrl}/feishu/qr/${code.qrToken}.svg`,
          linkedCustomers: await linkedCustomers(db, order.orderId),
          problem: code.problemCode ? { code: code.problemCode, message: code.problem ?? '' } : null,
        },
      };
    },
    routers: [qrRoutes(db, botLink)],
  };
}

/** The customer's QR: the bot's link as a code, with the order code printed beside it. */
function qrRoutes(db: Db, botLink: string): Router {
  const router = Router();
  router.get('/feishu/qr/:file', async (req, res) => {
    const token = /^([A-Za-z0-9_-]{24})\.svg$/.exec(req.params.file)?.[1];
    const code = token ? await codeOfToken(db, token) : null;
    if (!code) throw new ApiError(404, 'not_found', 'No such QR code.');
    const qr = await QRCode.toString(botLink, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    const inner = qr.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
    const viewBox = /viewBox="([^"]+)"/.exec(qr)?.[1]?.split(' ').map(Number) ?? [0, 0, 33, 33];
    const size = viewBox[2] ?? 33;
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size * 2.2} ${size}" width="440" height="200">` +
      `<svg viewBox="0 0 ${size} ${size}" width="${size}" height="${size}">${inner}</svg>` +
      `<text x="${size * 1.1}" y="${size * 0.42}" font-size="${size * 0.1}" font-family="sans-serif">扫码打开服务助手</text>` +
      `<text x="${size * 1.1}" y="${size * 0.62}" font-size="${size * 0.16}" font-family="monospace" font-weight="bold">${code.code}</text>` +
      `<text x="${size * 1.1}" y="${size * 0.78}" font-size="${size * 0.08}" font-family="sans-serif">发送订单码即可进群</text></svg>`;
    res.set('Cache-Control', 'private, max-age=300').type('image/svg+xml').send(svg);
  });
  return router;
}
