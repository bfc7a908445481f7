import express from 'express';
import QRCode from 'qrcode';
import { queryParam } from '../http/request';
import type { FeishuSimState } from '../state';
import { choosePersonPage, phonePage } from './page';
import { PHONE_SCRIPT } from './script';

/** The demo phone: GET /phone?customer=<open_id>, GET /phone.js, GET /bot-qr.svg (the bot applink). */
export function phoneRoutes(state: FeishuSimState): express.Router {
  const router = express.Router();

  router.get('/phone', (req, res) => {
    // `req.baseUrl` is the full prefix of this router (mount paths included).
    const base = req.baseUrl;
    const openId = queryParam(req, 'customer') ?? queryParam(req, 'person');
    const person = openId ? state.directory.person(openId) : undefined;
    res.type('html').set('Cache-Control', 'no-store');
    if (!person) {
      const people = [
        ...state.directory.allCustomers().map((c) => ({ openId: c.openId, name: c.name, kind: 'customer' })),
        ...state.directory.allStaff().map((s) => ({ openId: s.openId, name: s.name, kind: 'staff' })),
      ];
      res.status(openId ? 404 : 200).send(choosePersonPage(base, people));
      return;
    }
    res.send(
      phonePage({
        base,
        person: { openId: person.openId, name: person.name, kind: person.kind },
        botName: state.directory.app.botName,
        appId: state.directory.app.appId,
      }),
    );
  });

  router.get('/phone.js', (_req, res) => {
    res.type('application/javascript; charset=utf-8').set('Cache-Control', 'no-cache').send(PHONE_SCRIPT);
  });

  router.get('/bot-qr.svg', async (_req, res, next) => {
    try {
      const applink = `https://applink.feishu.cn/client/bot/open?appId=${encodeURIComponent(state.directory.app.appId)}`;
      const svg = await QRCode.toString(applink, { type: 'svg', margin: 1 });
      res.type('image/svg+xml').set('Cache-Control', 'no-cache').send(svg);
    } catch (error) {
      next(error);
    }
  });

  return router;
}
