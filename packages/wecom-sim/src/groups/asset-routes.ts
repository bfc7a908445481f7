import express from 'express';
import { routeParam } from '../http/request';
import type { SimState } from '../state';
import { avatarSvg, qrSvg } from './qr-svg';

/** Images the platform URLs point at: join-way QR codes and default avatars. Always served. */
export function assetRoutes(state: SimState): express.Router {
  const router = express.Router();

  router.get('/qr/:configId', (req, res) => {
    const way = state.joinWays.any(routeParam(req, 'configId'));
    if (!way || way.scene !== 2) {
      res.status(404).json({ error: { code: 'not_found', message: 'no such QR join way' } });
      return;
    }
    res
      .type('image/svg+xml')
      .set('cache-control', 'no-store')
      .send(qrSvg(way.configId, `扫码加入群聊 · ${way.state || way.configId.slice(0, 8)}`));
  });

  router.get('/avatars/:file', (req, res) => {
    const id = routeParam(req, 'file').replace(/\.svg$/, '');
    const name = state.directory.displayName(id);
    res
      .type('image/svg+xml')
      .set('cache-control', 'public, max-age=3600')
      .send(avatarSvg(id, name || id));
  });
  return router;
}
