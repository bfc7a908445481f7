import express from 'express';
import { appFromToken, requireCustomerContact } from '../credentials/access';
import { bodyOf, cgi } from '../http/cgi';
import { decodeCursor, page } from '../http/cursor';
import { optInt, optString, requiredString, stringList } from '../http/fields';
import { WecomError } from '../http/wecom-errors';
import type { SimState } from '../state';
import { groupChatJson } from './format';
import { groupStatus, type Group } from './model';

/** groupchat/list and groupchat/get [platform-facts §7]. */
export function groupChatRoutes(state: SimState): express.Router {
  const router = express.Router();

  router.post(
    '/externalcontact/groupchat/list',
    cgi((req) => {
      appFromToken(state, req);
      requireCustomerContact(state);
      const body = bodyOf(req);
      const statusFilter = optInt(body, 'status_filter', 0, 3) ?? 0;
      const limit = optInt(body, 'limit', 1, 1000);
      if (limit === undefined) throw new WecomError(40058, 'limit required');
      const owners = ownerFilter(body.owner_filter);
      // owner_filter naming a resigned member answers 40003 (reported on the developer forum;
      // UNCONFIRMED): their groups are found through status_filter 1 instead.
      const resigned = owners?.find((id) => state.directory.isResigned(id));
      if (resigned) throw new WecomError(40003, `userid ${resigned}`);
      const query = { statusFilter, owners };
      // status_filter 0 means "no filter"; 1–3 keep groups with that status (see groupStatus).
      const status = (g: Group) => groupStatus(g, (id) => state.directory.isResigned(id));
      const groups = state.groups
        .list()
        .filter(
          (g) =>
            g.kind === 'customer' &&
            !g.dismissed &&
            (!owners || owners.includes(g.owner)) &&
            (statusFilter === 0 || status(g) === statusFilter),
        );
      const { items, nextCursor } = page(groups, decodeCursor(optString(body, 'cursor'), query), limit, query);
      return { group_chat_list: items.map((g) => ({ chat_id: g.chatId, status: status(g) })), next_cursor: nextCursor };
    }),
  );

  router.post(
    '/externalcontact/groupchat/get',
    cgi((req) => {
      appFromToken(state, req);
      requireCustomerContact(state);
      const body = bodyOf(req);
      const group = requireCustomerGroup(state, requiredString(body, 'chat_id'));
      if (state.clock.now() - group.createdAtMs < state.settings.groupReadLagMs) {
        throw new WecomError(40050, 'chat_id not readable yet');
      }
      const needName = optInt(body, 'need_name', 0, 1) === 1;
      return { group_chat: groupChatJson(group, state.directory, needName) };
    }),
  );
  return router;
}

/**
 * A live customer group or WeCom's error. Unknown/dismissed chat → 40050 ("chatid不存在" in
 * the global catalogue; which code groupchat/get really returns is UNCONFIRMED, and 701008,
 * sometimes suggested, is a license error). Internal chat → 90501 ("该群不是客户群").
 */
export function requireCustomerGroup(state: SimState, chatId: string): Group {
  const group = state.groups.get(chatId);
  if (!group || group.dismissed) throw new WecomError(40050, `chat_id ${chatId}`);
  if (group.kind !== 'customer') throw new WecomError(90501);
  return group;
}

function ownerFilter(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new WecomError(40058, 'owner_filter must be an object');
  return stringList(value as Record<string, unknown>, 'userid_list', 100);
}
