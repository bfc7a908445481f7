import express from 'express';
import type { CallbackTarget } from './callbacks/push';
import type { DispatcherOptions } from './callbacks/dispatcher';
import { clientApiRoutes } from './client-api/routes';
import { scannerControlRoutes } from './client-api/scanner-routes';
import { withOffset, type AdjustableClock, type SimClock } from './clock';
import { contactRoutes } from './contacts/routes';
import { controlRoutes } from './control/routes';
import { meter } from './control/meter';
import { worldRoutes } from './control/world-routes';
import { resolveCorp, type DemoCorpConfig } from './corp/config';
import type { CorpSeedInput } from './corp/schema';
import { credentialRoutes } from './credentials/routes';
import { assetRoutes } from './groups/asset-routes';
import { joinWayRoutes } from './groups/join-way-routes';
import { groupChatRoutes } from './groups/routes';
import { transferRoutes } from './groups/transfer-routes';
import { cgiErrorHandler, cgiNotFound } from './http/cgi';
import { rememberMount } from './http/request';
import { jsonBody, simCors, simErrorHandler } from './http/sim-http';
import { authorizeRoutes, userInfoRoutes } from './oauth/routes';
import { webLoginRoutes } from './oauth/web-login';
import { SimState } from './state';

export interface SimulatorOptions {
  clock?: SimClock;
  corp?: Partial<DemoCorpConfig>;
  callback?: CallbackTarget;
  trustedOrigins?: string[];
  /** Serve the `/__sim` control API (reset, seed, faults…). Default true. */
  controlApi?: boolean;
  /** Callback retry timing (tests shorten it). */
  callbackDelivery?: DispatcherOptions;
  /** The corp at start and after `/__sim/reset`; default `demoSeed()` (demo mode: `demoPoolSeed()`). */
  seed?: CorpSeedInput;
  /**
   * Save the corp's mutable data (groups, join ways, departures; never tokens) to this JSON
   * file after changes, and load it at creation when present. `/__sim/reset` deletes it.
   */
  persistFile?: string;
  /** Debounce of those writes (default 250 ms). */
  persistDebounceMs?: number;
}

export interface Simulator {
  app: express.Express;
  state: SimState;
  /** The simulator's time: the given clock (real time by default) plus any advance. */
  clock: AdjustableClock;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const clock = withOffset(options.clock);
  const state = new SimState({
    clock,
    corp: resolveCorp(options.corp),
    callback: options.callback,
    trustedOrigins: options.trustedOrigins,
    dispatcher: options.callbackDelivery,
    seed: options.seed,
    persistFile: options.persistFile,
    persistDebounceMs: options.persistDebounceMs,
  });
  return { app: buildApp(state, options.controlApi ?? true), state, clock };
}

function buildApp(state: SimState, withControl: boolean): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(rememberMount);
  app.use(meter(state));

  const cgiBin = express.Router();
  cgiBin.use(jsonBody());
  for (const routes of [
    credentialRoutes,
    userInfoRoutes,
    contactRoutes,
    groupChatRoutes,
    joinWayRoutes,
    transferRoutes,
  ])
    cgiBin.use(routes(state));
  cgiBin.use(cgiNotFound);
  cgiBin.use(cgiErrorHandler);
  app.use('/cgi-bin', cgiBin);

  app.use('/connect', authorizeRoutes(state));
  // WeCom web login (企业微信登录, login.work.weixin.qq.com) lives at the same path here.
  app.use('/wwlogin', webLoginRoutes(state));

  const sim = express.Router();
  sim.use(simCors(() => state.settings.trustedOrigins));
  sim.use(jsonBody());
  sim.use(assetRoutes(state));
  sim.use(clientApiRoutes(state));
  if (withControl) {
    sim.use(controlRoutes(state));
    sim.use(worldRoutes(state));
    sim.use(scannerControlRoutes(state));
  }
  sim.use(simErrorHandler);
  app.use('/__sim', sim);
  // Unknown paths, `/__sim/*` included, fall through to the host app that mounted us (the
  // bridge serves `/__sim/bridge.js` from its own router). Standalone, `startSimulator` ends
  // the chain with a JSON 404.
  return app;
}
