import express from 'express';
import { appFromToken, requireCustomerContact } from '../credentials/access';
import { bodyOf, cgi } from '../http/cgi';
import { decodeCursor, page } from '../http/cursor';
import { optInt, optString, stringList } from '../http/fields';
import { queryParam, simBaseUrl } from '../http/request';
import { WecomError } from '../http/wecom-errors';
import type { SimState } from '../state';
import { externalContactJson, followInfoJson, followUserJson } from './format';

/** Follow users per page of externalcontact/get (WeCom pages beyond 500). */
const FOLLOW_PAGE = 500;

/** Customer-contact reads [platform-facts §6]. */
export function contactRoutes(state: SimState): express.Router {
  const router = express.Router();
  const guard = (req: express.Request) => {
    appFromToken(state, req);
    requireCustomerContact(state);
  };

  router.get(
    '/externalcontact/list',
    cgi((req) => {
      guard(req);
      const userId = queryParam(req, 'userid');
      if (!userId) throw new WecomError(41009);
      if (!state.directory.staff(userId)) throw new WecomError(40003);
      const follows = state.directory.followsOf(userId);
      // A staff member without customers gets 84061 rather than an empty list (widely reported).
      if (!follows.length) throw new WecomError(84061);
      return { external_userid: follows.map((f) => f.customer.externalUserId) };
    }),
  );

  router.get(
    '/externalcontact/get',
    cgi((req) => {
      guard(req);
      const id = queryParam(req, 'external_userid');
      if (!id) throw new WecomError(41035);
      const customer = state.directory.customer(id);
      if (!customer) throw new WecomError(40096);
      // Known, but no staff member of the corp follows them any more.
      if (!customer.follows.length) throw new WecomError(84061);
      const { items, nextCursor } = page(
        customer.follows,
        decodeCursor(queryParam(req, 'cursor'), id),
        FOLLOW_PAGE,
        id,
      );
      return {
        external_contact: externalContactJson(customer, simBaseUrl(req)),
        follow_user: items.map(followUserJson),
        next_cursor: nextCursor,
      };
    }),
  );

  router.post(
    '/externalcontact/batch/get_by_user',
    cgi((req) => {
      guard(req);
      const body = bodyOf(req);
      const userIds = stringList(body, 'userid_list', 100);
      if (!userIds?.length) throw new WecomError(41009, 'userid_list required');
      // The docs cap limit at 100; we reject larger values so client bugs show (UNCONFIRMED
      // whether WeCom rejects or clamps).
      const limit = optInt(body, 'limit', 1, 100) ?? 50;
      for (const id of userIds) if (!state.directory.staff(id)) throw new WecomError(40003, `userid ${id}`);
      const rows = userIds.flatMap((id) => state.directory.followsOf(id));
      const offset = decodeCursor(optString(body, 'cursor'), userIds);
      const { items, nextCursor } = page(rows, offset, limit, userIds);
      const base = simBaseUrl(req);
      return {
        external_contact_list: items.map((r) => ({
          external_contact: externalContactJson(r.customer, base),
          follow_info: followInfoJson(r.follow),
        })),
        next_cursor: nextCursor,
      };
    }),
  );
  return router;
}
