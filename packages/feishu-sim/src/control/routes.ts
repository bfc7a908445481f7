import express from 'express';
import { parseInput } from '../http/sim-errors';
import type { FeishuSimState } from '../state';
import { feishuSeedSchema } from '../tenant/schema';
import type { FaultSpec } from './faults';
import { CREATE_CHAT_KEY } from './calls';
import {
  advanceSchema,
  chatCreateFaultSchema,
  faultSchema,
  revokeSchema,
  settingsSchema,
  type ChatCreateFault,
} from './schemas';

/** The simulator's own knobs: reset/seed, settings, faults, clock, calls, tokens, rate histogram. */
export function controlRoutes(state: FeishuSimState): express.Router {
  const router = express.Router();

  router.post('/reset', (_req, res) => {
    state.reset();
    res.json({ ok: true });
  });

  router.post('/seed', (req, res) => {
    const seed = parseInput(feishuSeedSchema, req.body);
    state.loadSeed(seed);
    res.json({ ok: true, staff: seed.staff.length, customers: seed.customers.length });
  });

  router.get('/settings', (_req, res) => {
    res.json(settingsJson(state));
  });

  router.post('/settings', (req, res) => {
    const patch = parseInput(settingsSchema, req.body);
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) Object.assign(state.settings, { [key]: value });
    }
    res.json(settingsJson(state));
  });

  router.post('/faults', (req, res) => {
    res.status(201).json(state.faults.add(parseInput(faultSchema, req.body) as FaultSpec));
  });

  // The next N chat creations fail one of the ways the Feishu route must survive.
  router.post('/faults/chat-create', (req, res) => {
    const { kind, times, resetSeconds } = parseInput(chatCreateFaultSchema, req.body);
    res
      .status(201)
      .json(state.faults.add({ endpoint: CREATE_CHAT_KEY, times, ...chatCreateFault(kind, resetSeconds) }));
  });

  router.get('/faults', (_req, res) => {
    res.json({ faults: state.faults.list() });
  });

  router.delete('/faults', (_req, res) => {
    state.faults.clear();
    res.json({ ok: true });
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

  router.post('/calls/reset', (_req, res) => {
    state.calls.reset();
    res.json({ ok: true });
  });

  router.get('/tokens', (_req, res) => {
    res.json(state.tokens.stats());
  });

  router.post('/tokens/revoke', (req, res) => {
    const { token } = parseInput(revokeSchema, req.body);
    res.json({ revoked: state.tokens.revoke(token) });
  });

  router.get('/rate/chat-create', (_req, res) => {
    res.json(state.createRate.histogram());
  });
  // The call log itself: when each create arrived (simulator ms), for a client's own analysis.
  router.get('/rate/chat-create/arrivals', (_req, res) => {
    res.json({ arrivals: state.createRate.log() });
  });

  return router;
}

function chatCreateFault(kind: ChatCreateFault, resetSeconds: number): Omit<FaultSpec, 'endpoint'> {
  switch (kind) {
    case 'creating':
      return { code: 232068 };
    case 'rate_limited':
      return { code: 232019 };
    case 'http_429':
      return { http429: { resetSeconds } };
    case 'lost_socket':
      return { lostAnswer: 'socket' };
    case 'lost_504':
      return { lostAnswer: 504 };
  }
}

/** Settings without the secrets' values: whether an encrypt key is set, not the key. */
function settingsJson(state: FeishuSimState) {
  const { encryptKey, verificationToken, ...rest } = state.settings;
  return { ...rest, encrypted: Boolean(encryptKey), verificationTokenSet: Boolean(verificationToken) };
}

function clockJson(state: FeishuSimState) {
  const now = state.clock.now();
  return { now, iso: new Date(now).toISOString(), offsetMs: state.clock.offsetMs() };
}
