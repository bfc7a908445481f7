import express from 'express';
import { groupChatJson } from '../groups/format';
import { scanJoinWay } from '../groups/scan';
import { parseInput, SimInputError } from '../http/sim-errors';
import { routeParam } from '../http/request';
import type { SimState } from '../state';
import {
  addMembersSchema,
  contextSchema,
  createGroupSchema,
  pickersSchema,
  quitSceneSchema,
  scanSchema,
} from './schemas';

/**
 * Things that happen in the WeCom client or the admin console, outside our app: where the page
 * was opened from, what the user will pick, staff making groups, customers joining or leaving,
 * a group being dismissed, a member leaving the corp. Group changes emit
 * `change_external_chat` callbacks like the real client actions do; a departure `change_contact`.
 */
export function worldRoutes(state: SimState): express.Router {
  const router = express.Router();

  router.post('/context', (req, res) => {
    const context = parseInput(contextSchema, req.body);
    if (context.externalUserId && !state.directory.customer(context.externalUserId)) {
      throw new SimInputError('unknown_customer', `no customer ${context.externalUserId}`);
    }
    if (context.chatId) state.groups.require(context.chatId);
    state.client.context = context;
    res.json(context);
  });

  router.post('/pickers', (req, res) => {
    const presets = parseInput(pickersSchema, req.body);
    const unknown = [
      ...(presets.externalContact ?? []).filter((id) => !state.directory.customer(id)),
      ...(presets.enterpriseContact ?? []).filter((id) => !state.directory.staff(id)),
    ];
    if (unknown.length) throw new SimInputError('unknown_id', `unknown ids: ${unknown.join(', ')}`);
    if (presets.externalContact) state.client.preset('externalContact', presets.externalContact);
    if (presets.enterpriseContact) state.client.preset('enterpriseContact', presets.enterpriseContact);
    res.json({ ok: true });
  });

  router.post('/groups/:chatId/members', (req, res) => {
    const body = parseInput(addMembersSchema, req.body);
    const chatId = routeParam(req, 'chatId');
    const ids = [...body.userIds, ...body.externalUserIds];
    const invitor = body.invitor ?? (body.joinScene === 3 ? undefined : state.groups.require(chatId).owner);
    const group = state.groups.addMembers(
      chatId,
      ids.map((id) => ({ id, invitor, state: body.state })),
      body.joinScene,
    );
    res.json({ ok: true, group_chat: groupChatJson(group, state.directory, true) });
  });

  router.delete('/groups/:chatId/members/:id', (req, res) => {
    const { quitScene } = parseInput(quitSceneSchema, req.query);
    const group = state.groups.removeMember(
      routeParam(req, 'chatId'),
      routeParam(req, 'id'),
      quitScene === '1' ? 1 : 0,
    );
    res.json({ ok: true, group_chat: groupChatJson(group, state.directory, true) });
  });

  router.post('/groups/:chatId/dismiss', (req, res) => {
    state.groups.dismiss(routeParam(req, 'chatId'));
    res.json({ ok: true });
  });

  // A staff member makes a customer group in the client with nobody else in it yet (a
  // "shell" our server later registers in its pool). Only customer-contact staff can.
  router.post('/groups', (req, res) => {
    const body = parseInput(createGroupSchema, req.body);
    if (!state.directory.staff(body.owner)) throw new SimInputError('unknown_user', `no staff member ${body.owner}`);
    if (!state.directory.canContactCustomers(body.owner)) {
      throw new SimInputError('no_customer_contact', `${body.owner} cannot make customer groups`, 403);
    }
    const staff = [...new Set(body.userIds)].filter((id) => id !== body.owner);
    const unknown = staff.filter((id) => !state.directory.activeStaff(id));
    if (unknown.length) throw new SimInputError('unknown_user', `no active staff: ${unknown.join(', ')}`);
    const group = state.groups.create({
      kind: 'customer',
      name: body.name,
      owner: body.owner,
      joinScene: 1,
      members: [{ id: body.owner }, ...staff.map((id) => ({ id, invitor: body.owner }))],
    });
    res.status(201).json({ ok: true, chatId: group.chatId, group_chat: groupChatJson(group, state.directory, true) });
  });

  // A customer scans a join-way QR code (see scanJoinWay for full groups).
  router.post('/join-ways/:configId/scan', (req, res) => {
    const { externalUserId } = parseInput(scanSchema, req.body);
    const way = state.joinWays.any(routeParam(req, 'configId'));
    if (!way) throw new SimInputError('unknown_join_way', 'no such join way', 404);
    const { group, created } = scanJoinWay(state, way, externalUserId);
    res.json({ ok: true, chatId: group.chatId, created, group_chat: groupChatJson(group, state.directory, true) });
  });

  // A member leaves the corp (removed from the directory in the admin console).
  router.post('/staff/:userId/resign', (req, res) => {
    const userId = routeParam(req, 'userId');
    if (!state.directory.staff(userId)) throw new SimInputError('unknown_user', `no staff member ${userId}`, 404);
    if (state.directory.isResigned(userId)) throw new SimInputError('already_resigned', `${userId} already left`, 409);
    const resignedAt = state.resignStaff(userId);
    const owned = state.groups
      .list()
      .filter((g) => g.kind === 'customer' && !g.dismissed && g.owner === userId)
      .map((g) => g.chatId);
    res.json({ ok: true, userId, resignedAt, ownedChatIds: owned });
  });
  return router;
}
