import express from 'express';
import { requireTenantToken } from './auth/bearer';
import { authRoutes } from './auth/routes';
import { chatRoutes } from './chats/routes';
import { withOffset, type AdjustableClock, type SimClock } from './clock';
import { meter } from './control/meter';
import { controlRoutes } from './control/routes';
import { worldRoutes } from './control/world-routes';
import type { DeliveryOptions } from './events/dispatcher';
import { openApiErrorHandler, openApiNotFound } from './http/open-apis';
import { jsonBody, simErrorHandler, simNotFound } from './http/sim-http';
import { messageRoutes } from './messages/routes';
import { phoneRoutes } from './phone/routes';
import type { FeishuSimSettings } from './settings';
import { FeishuSimState } from './state';
import { feishuSeedSchema, type FeishuSeedInput } from './tenant/schema';

/** The control API's mount point: distinct from the WeCom simulator's `/__sim`. */
export const CONTROL_PREFIX = '/__feishu-sim';

export interface FeishuSimulatorOptions {
  clock?: SimClock;
  /** The tenant, app and people (default: the demo tenant, DEMO_FEISHU). */
  seed?: FeishuSeedInput;
  /** Initial settings, restored by reset: event URL, encrypt key, verification token… */
  settings?: Partial<FeishuSimSettings>;
  /** Event retry timing (tests shorten it). */
  delivery?: DeliveryOptions;
  /** Serve `/__feishu-sim` (control API and phone page). Default true. */
  controlApi?: boolean;
}

export interface FeishuSimulator {
  app: express.Express;
  state: FeishuSimState;
  /** The simulator's time: the given clock (real time by default) plus any advance. */
  clock: AdjustableClock;
}

export function createFeishuSimulator(options: FeishuSimulatorOptions = {}): FeishuSimulator {
  const clock = withOffset(options.clock);
  const state = new FeishuSimState({
    clock,
    seed: options.seed ? feishuSeedSchema.parse(options.seed) : undefined,
    settings: options.settings,
    delivery: options.delivery,
  });
  return { app: buildApp(state, options.controlApi ?? true), state, clock };
}

function buildApp(state: FeishuSimState, withControl: boolean): express.Express {
  const app = express();
  app.disable('x-powered-by');

  const openApis = express.Router();
  openApis.use(meter(state));
  openApis.use(jsonBody());
  openApis.use(authRoutes(state));
  openApis.use(requireTenantToken(state));
  openApis.use(chatRoutes(state));
  openApis.use(messageRoutes(state));
  openApis.use(openApiNotFound);
  openApis.use(openApiErrorHandler);
  app.use('/open-apis', openApis);

  if (withControl) {
    const sim = express.Router();
    sim.use(jsonBody());
    sim.use(phoneRoutes(state));
    sim.use(controlRoutes(state));
    sim.use(worldRoutes(state));
    sim.use(simNotFound);
    sim.use(simErrorHandler);
    app.use(CONTROL_PREFIX, sim);
  }
  // Any other path falls through to the host app that mounted us (e.g. beside the WeCom simulator).
  return app;
}
