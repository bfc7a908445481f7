import type { Router } from 'express';
import type { Sessions } from '../../auth/sessions';
import type { GroupRoute } from '../../groups/ports';
import { joinQrRoute } from './route';
import { joinQrBusinessRoutes, joinQrImageRoutes, joinQrStaffRoutes } from './routes';
import { JoinQrService, type JoinQrDeps } from './service';

export { JoinQrService, type JoinQrView, type PoolHealth, type PoolRegistration } from './service';

export interface JoinQr {
  route: GroupRoute;
  routers: Router[];
  service: JoinQrService;
  /** Deletes the order's join way (its group stays bound); false when it had none. Call it when an order closes. */
  closeJoinWay(orderId: string): Promise<boolean>;
  start(): void;
  stop(): Promise<void>;
}

/** The join-QR route (adapters/wecom-join-qr): pool, per-order join ways, attribution by state. */
export function createJoinQr(
  deps: JoinQrDeps & {
    apiKeys: readonly string[];
    sessions: Sessions;
    allowedOrigins: readonly string[];
    adminUserIds: readonly string[];
  },
): JoinQr {
  const service = new JoinQrService(deps);
  return {
    route: joinQrRoute({ outbox: deps.outbox, logger: deps.logger }),
    routers: [
      joinQrImageRoutes(service),
      joinQrBusinessRoutes(service, deps.apiKeys),
      joinQrStaffRoutes(service, {
        db: deps.db,
        sessions: deps.sessions,
        allowedOrigins: deps.allowedOrigins,
        adminUserIds: deps.adminUserIds,
      }),
    ],
    service,
    closeJoinWay: (orderId) => service.close(orderId),
    start() {
      service.start();
      void service.refreshFigures();
    },
    stop: () => service.stop(),
  };
}
