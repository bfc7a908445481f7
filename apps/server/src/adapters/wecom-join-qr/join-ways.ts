import { isWecomError } from '@kequn/wecom';
import type { WecomAccess } from '../../customers/wecom-contacts';

/** WeCom's "no such config" (an unknown or deleted join way; UNCONFIRMED which code del answers). */
export const UNKNOWN_CONFIG_ERRCODE = 41044;

const PATH = '/cgi-bin/externalcontact/groupchat';

function post<T>(wecom: WecomAccess, name: string, body: unknown): Promise<T> {
  return wecom.credentials.withAccessToken((token) =>
    wecom.client.post<T>(`externalcontact_groupchat_${name}`, `${PATH}/${name}`, { access_token: token }, body),
  );
}

/**
 * One order's join way (platform-facts §7, §13): a QR code (scene 2) for exactly its group, never
 * a new group when it is full (auto_create_room 0: WeCom's default 1 would make groups by itself),
 * with the order's key as `state`, so each member's join names the order.
 */
export async function addJoinWay(
  wecom: WecomAccess,
  input: { chatId: string; state: string; remark: string },
): Promise<string> {
  const reply = await post<{ config_id: string }>(wecom, 'add_join_way', {
    scene: 2,
    auto_create_room: 0,
    chat_id_list: [input.chatId],
    state: input.state,
    remark: [...input.remark].slice(0, 30).join(''),
  });
  if (!reply.config_id) throw new Error('add_join_way answered without config_id');
  return reply.config_id;
}

/** The join way's QR image URL. */
export async function getJoinWayQr(wecom: WecomAccess, configId: string): Promise<string> {
  const reply = await post<{ join_way?: { qr_code?: string } }>(wecom, 'get_join_way', { config_id: configId });
  const qr = reply.join_way?.qr_code;
  if (!qr) throw new Error('get_join_way answered without qr_code');
  return qr;
}

/** Deletes a join way; one WeCom no longer knows counts as deleted. */
export async function delJoinWay(wecom: WecomAccess, configId: string): Promise<void> {
  try {
    await post(wecom, 'del_join_way', { config_id: configId });
  } catch (err) {
    if (isWecomError(err) && err.errcode === UNKNOWN_CONFIG_ERRCODE) return;
    throw err;
  }
}
