import express from 'express';
import { groupChatJson } from '../groups/format';
import { parseInput, SimInputError } from '../http/sim-errors';
import { routeParam } from '../http/request';
import type { SimState } from '../state';
import { addMembersSchema, contextSchema, pickersSchema, quitSceneSchema, scanSchema } from './schemas';

/** Members joining through a QR code stop at 200 (WeCom's limit for QR joins). */
const QR_JOIN_LIMIT = 200;

/**
 * Things that happen in the WeCom client, outside our app: where the page was opened from,
 * what the user will pick, customers joining or leaving, a group being dismissed. Group
 * changes emit `change_external_chat` callbacks like the real client actions do.
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

  // A customer scans a join-way QR code: they join the first listed group with room.
  router.post('/join-ways/:configId/scan', (req, res) => {
    const { externalUserId } = parseInput(scanSchema, req.body);
    const way = state.joinWays.any(routeParam(req, 'configId'));
    if (!way) throw new SimInputError('unknown_join_way', 'no such join way', 404);
    const chatId = way.chatIdList.find((id) => {
      const group = state.groups.get(id);
      return group && !group.dismissed && group.members.length < QR_JOIN_LIMIT;
    });
    if (!chatId) throw new SimInputError('groups_full', 'every group of this join way is full or dismissed', 409);
    const group = state.groups.addMembers(chatId, [{ id: externalUserId, state: way.state || undefined }], 3);
    res.json({ ok: true, chatId, group_chat: groupChatJson(group, state.directory, true) });
  });
  return router;
}
