import type { Logger } from '@kequn/wecom';
import type { WecomAccess } from '../../customers/wecom-contacts';
import type { Executor } from '../../db/schema';
import {
  awaitingBindings,
  bindFromCallback,
  hasLiveIntent,
  windowCandidates,
  type BindingRecord,
} from '../../groups/binding-store';
import { eventData } from '../../groups/group-service';
import type { ClaimResult, GroupChat, GroupRoute } from '../../groups/ports';
import type { Outbox } from '../../webhooks/events';
import { listOwnedGroups } from '../wecom/group-reader';

/** WeCom's create_time is in seconds and clocks differ a little. */
const WINDOW_SLACK_MS = 30_000;
/** Creations reported without chatId are looked for this long. */
const AWAITING_HORIZON_MS = 24 * 3_600_000;

/**
 * The JS-SDK route: staff create the group in the WeCom client (openEnterpriseChat). A client
 * that returns the chatId binds it from the page; for one that does not (old clients, a lost
 * answer), the group finds its order here: the order whose creation window (intent … lease end)
 * contains the group's creation, pressed by the group's owner, whose customer is in the group.
 * When the order's customer is not known, only a creation reported without chatId qualifies.
 */
export function jssdkRoute(deps: { wecom: WecomAccess; outbox: Outbox; logger: Logger; db: Executor }): GroupRoute {
  return {
    id: 'jssdk',
    platform: 'wecom',
    kind: 'client_creates',
    async claim(trx, chat, now): Promise<ClaimResult> {
      const bound = await claimFromWindow(trx, chat, now, deps);
      if (bound) return { bound };
      // An intent is open: the page may bind the chat in a moment.
      return (await hasLiveIntent(trx, chat.owner, now)) ? 'retry' : null;
    },
    /** An old client's group whose callback never came: look through its owner's newest groups. */
    async sweep(now) {
      const waiting = await awaitingBindings(deps.db, new Date(now.getTime() - AWAITING_HORIZON_MS));
      const chatIds: string[] = [];
      let failed = 0;
      for (const owner of new Set(waiting.map((b) => b.createdBy))) {
        try {
          chatIds.push(...(await listOwnedGroups(deps.wecom, owner)));
        } catch {
          failed += 1;
        }
      }
      return { chatIds, failed };
    },
  };
}

async function claimFromWindow(
  trx: Executor,
  chat: GroupChat,
  now: Date,
  deps: { outbox: Outbox; logger: Logger },
): Promise<BindingRecord | null> {
  const candidates = await windowCandidates(trx, {
    owner: chat.owner,
    createdAt: chat.createTime,
    slackMs: WINDOW_SLACK_MS,
  });
  const memberIds = new Set(chat.members.map((m) => m.id));
  const match = candidates.find((c) =>
    c.customerIds.length > 0 ? c.customerIds.some((id) => memberIds.has(id)) : c.awaitingCallback,
  );
  if (!match || !(await bindFromCallback(trx, match.orderId, chat.chatId, now))) return null;
  const bound: BindingRecord = { ...match, chatId: chat.chatId, status: 'created', createdAt: now, verifiedAt: now };
  await deps.outbox.add(trx, 'group.created', eventData(bound), now);
  deps.logger.info({ orderId: match.orderId, chatId: chat.chatId }, 'group bound from WeCom callback');
  return bound;
}
