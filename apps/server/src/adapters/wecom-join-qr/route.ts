import type { Logger } from '@kequn/wecom';
import type { Outbox } from '../../webhooks/events';
import type { GroupRoute, Observation } from '../../groups/ports';
import { QR_CAP } from './store';

/**
 * The join-QR route as the core's sync sees it. Its groups are bound when a pool group is taken
 * (never claimed from a callback), so it only watches re-read groups: members whose join `state`
 * is the order's key came through its join QR (also into a group the JS-SDK made), and a group
 * reaching the QR cap is reported once.
 */
export function joinQrRoute(deps: { outbox: Outbox; logger: Logger }): GroupRoute {
  return {
    id: 'join_qr',
    platform: 'wecom',
    kind: 'join_pool',
    async observe(trx, { binding, chat, joined, now }): Promise<Observation> {
      await trx
        .updateTable('pool_groups')
        .set({ member_count: chat.members.length })
        .where('platform', '=', binding.platform)
        .where('chat_id', '=', chat.chatId)
        .where('member_count', '!=', chat.members.length)
        .execute();
      const qr = await trx
        .selectFrom('join_qrs')
        .select(['state', 'chat_id', 'qr_full_at'])
        .where('order_id', '=', binding.orderId)
        .executeTakeFirst();
      if (!qr) return { events: 0 };
      const joinedVia = new Map<string, Record<string, unknown>>();
      for (const m of joined) {
        if (m.type === 'customer' && m.state === qr.state) joinedVia.set(m.id, { via: 'join_qr', state: qr.state });
      }
      let events = 0;
      if (qr.chat_id === chat.chatId && qr.qr_full_at === null && chat.members.length >= QR_CAP) {
        const flipped = await trx
          .updateTable('join_qrs')
          .set({ qr_full_at: now })
          .where('order_id', '=', binding.orderId)
          .where('qr_full_at', 'is', null)
          .returning('order_id')
          .executeTakeFirst();
        if (flipped) {
          await deps.outbox.add(
            trx,
            'group.qr_full',
            {
              orderId: binding.orderId,
              chatId: chat.chatId,
              platform: binding.platform,
              members: chat.members.length,
              qrCap: QR_CAP,
            },
            now,
          );
          deps.logger.warn({ orderId: binding.orderId, chatId: chat.chatId }, 'group reached the QR cap');
          events += 1;
        }
      }
      return { joinedVia, events };
    },
  };
}
