import express from 'express';
import { corpSeedSchema } from '../corp/schema';
import { joinWayJson } from '../groups/format';
import { simBaseUrl } from '../http/request';
import { parseInput, SimInputError } from '../http/sim-errors';
import type { SimState } from '../state';
import {
  advanceSchema,
  faultSchema,
  joinWaysQuerySchema,
  revokeSchema,
  sessionSchema,
  settingsSchema,
  transferFaultSchema,
} from './schemas';

/**
 * The simulator's own knobs: reset/seed, who is signed in, tokens, faults (per call and per
 * transferred chat), clock, calls, settings, callback deliveries and their ack times, and a look at
 * an app's join ways.
 */
export function controlRoutes(state: SimState): express.Router {
  const router = express.Router();

  router.post('/reset', (_req, res) => {
    state.reset();
    res.json({ ok: true });
  });

  router.post('/seed', (req, res) => {
    const seed = parseInput(corpSeedSchema, req.body);
    state.loadSeed(seed);
    res.json({ ok: true, staff: seed.staff.length, customers: seed.customers.length, groups: seed.groups.length });
  });

  router.post('/session', (req, res) => {
    const person = parseInput(sessionSchema, req.body);
    if ('userId' in person && !state.directory.staff(person.userId)) {
      throw new SimInputError('unknown_user', `no staff member ${person.userId}`);
    }
    if ('openid' in person && person.externalUserId && !state.directory.customer(person.externalUserId)) {
      throw new SimInputError('unknown_customer', `no customer ${person.externalUserId}`);
    }
    state.session = person;
    res.json(state.session);
  });

  router.post('/tokens/revoke', (req, res) => {
    const { accessToken } = parseInput(revokeSchema, req.body);
    res.json({ revoked: state.tokens.revoke(accessToken) });
  });

  router.post('/faults', (req, res) => {
    res.status(201).json(state.faults.add(parseInput(faultSchema, req.body)));
  });
  router.get('/faults', (_req, res) => {
    res.json({ faults: state.faults.list() });
  });
  router.delete('/faults', (_req, res) => {
    state.faults.clear();
    res.json({ ok: true });
  });

  // The next groupchat/transfer or onjob_transfer of these chats fails with errcode.
  router.post('/transfer-faults', (req, res) => {
    const fault = parseInput(transferFaultSchema, req.body);
    state.transferFaults.add(fault.chatIds, fault.errcode, fault.times, fault.errmsg);
    res.status(201).json({ faults: state.transferFaults.list() });
  });
  router.get('/transfer-faults', (_req, res) => {
    res.json({ faults: state.transferFaults.list() });
  });
  router.delete('/transfer-faults', (_req, res) => {
    state.transferFaults.clear();
    res.json({ ok: true });
  });

  // What get_join_way would show for each join way the app (default: kequn's) made.
  router.get('/join-ways', (req, res) => {
    const { agentId = state.corp.agentId } = parseInput(joinWaysQuerySchema, req.query);
    if (!state.app(agentId)) throw new SimInputError('unknown_app', `no app ${agentId}`);
    const base = simBaseUrl(req);
    res.json({ agentId, joinWays: state.joinWays.list(agentId).map((w) => joinWayJson(w, base)) });
  });

  router.post('/clock/advance', (req, res) => {
    const { seconds } = parseInput(advanceSchema, req.body);
    state.clock.advance(Math.round(seconds * 1000));
    res.json(clockJson(state));
  });
  router.get('/clock', (_req, res) => {
    res.json(clockJson(state));
  });

  router.get('/calls', (_req, res) => {
    res.json(state.calls.snapshot());
  });
  router.get('/calls/chats', (_req, res) => {
    res.json(state.calls.byChat());
  });
  router.post('/calls/reset', (_req, res) => {
    state.calls.reset();
    res.json({ ok: true });
  });

  router.post('/settings', (req, res) => {
    const patch = parseInput(settingsSchema, req.body);
    if (patch.customerContactEnabled !== undefined)
      state.settings.customerContactEnabled = patch.customerContactEnabled;
    if (patch.trustedOrigins !== undefined) state.settings.trustedOrigins = patch.trustedOrigins;
    if (patch.callback !== undefined) state.settings.callback = patch.callback;
    if (patch.groupReadLagMs !== undefined) state.settings.groupReadLagMs = patch.groupReadLagMs;
    res.json(state.settings);
  });
  router.get('/settings', (_req, res) => {
    res.json(state.settings);
  });

  router.get('/callbacks', (_req, res) => {
    res.json({ deliveries: state.callbacks.records });
  });
  // How fast the callback URL answered each push; ?samples=1 adds every attempt.
  router.get('/callbacks/acks', (req, res) => {
    const { callbacks } = state;
    const summary = callbacks.acks.summary(callbacks.pending);
    res.json(req.query.samples === '1' ? { ...summary, samples: callbacks.acks.list() } : summary);
  });
  router.post('/callbacks/acks/reset', (_req, res) => {
    state.callbacks.acks.reset();
    res.json({ ok: true });
  });
  return router;
}

function clockJson(state: SimState) {
  const now = state.clock.now();
  return { now, iso: new Date(now).toISOString(), offsetMs: state.clock.offsetMs() };
}
