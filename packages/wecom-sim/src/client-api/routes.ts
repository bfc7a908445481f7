import express from 'express';
import { z } from 'zod';
import { avatarUrl } from '../contacts/format';
import { parseInput } from '../http/sim-errors';
import { simBaseUrl } from '../http/request';
import type { SimState } from '../state';
import { openEnterpriseChat, openEnterpriseChatSchema } from './enterprise-chat';
import { verifyInputSchema, verifyJsapiConfig } from './jsapi-verify';
import { updateEnterpriseChat, updateEnterpriseChatSchema } from './update-enterprise-chat';

const takeSchema = z.object({ kind: z.enum(['externalContact', 'enterpriseContact']) });
const existedChatSchema = z.object({ chatId: z.string().min(1), callerUserId: z.string().min(1).optional() });

/**
 * What the in-browser bridge asks the "WeCom client": signature checks, the entry context,
 * the directory for pickers, and chat actions. Always served (also without the control API).
 */
export function clientApiRoutes(state: SimState): express.Router {
  const router = express.Router();

  router.post('/jsapi/verify', (req, res) => {
    res.json(verifyJsapiConfig(state, parseInput(verifyInputSchema, req.body)));
  });

  router.get('/context', (_req, res) => {
    res.json(state.client.context);
  });

  router.get('/session', (_req, res) => {
    res.json(state.session);
  });

  router.get('/directory', (req, res) => {
    const base = simBaseUrl(req);
    res.json({
      departments: state.directory.departments(),
      staff: state.directory.allStaff().map((s) => ({
        userId: s.userId,
        name: s.name,
        avatar: avatarUrl(base, s.userId, s.avatar),
        departmentIds: s.departmentIds,
      })),
      customers: state.directory.allCustomers().map((c) => ({
        externalUserId: c.externalUserId,
        name: c.name,
        type: c.type,
        avatar: avatarUrl(base, c.externalUserId, c.avatar),
        followers: c.follows.map((f) => f.userId),
      })),
    });
  });

  router.post('/pickers/take', (req, res) => {
    const { kind } = parseInput(takeSchema, req.body);
    res.json({ preset: state.client.take(kind) });
  });

  router.post('/client/open-enterprise-chat', (req, res) => {
    res.json(openEnterpriseChat(state, parseInput(openEnterpriseChatSchema, req.body)));
  });

  router.post('/client/open-existed-chat', (req, res) => {
    const { chatId, callerUserId } = parseInput(existedChatSchema, req.body);
    const group = state.groups.get(chatId);
    // The client cannot open a chat its user is not in: it answers as for a chat that is gone.
    const inIt = !callerUserId || group?.owner === callerUserId || group?.members.some((m) => m.id === callerUserId);
    res.json(
      group && !group.dismissed && inIt ? { ok: true } : { ok: false, errMsg: 'openExistedChatWithMsg:invalid chatId' },
    );
  });

  router.post('/client/update-enterprise-chat', (req, res) => {
    res.json(updateEnterpriseChat(state, parseInput(updateEnterpriseChatSchema, req.body)));
  });

  // What the camera "reads": the one-shot preset if any, else the overlay asks (with suggestions).
  router.post('/client/scan-qrcode', (_req, res) => {
    res.json({ ok: true, preset: state.client.takeScan(), suggestions: state.client.scanSuggestions });
  });
  return router;
}
