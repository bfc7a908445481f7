import type { FeishuEvent } from '@kequn/feishu';
import type { PlatformEvent } from '../../groups/ports';

const OPEN_ID = /^ou_[A-Za-z0-9_-]{1,64}$/;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

/**
 * A verified Feishu event in the core's terms [platform-facts §14]: a person opened the bot's
 * one-to-one chat (`p2p_chat_create` the first time, `bot_p2p_chat_entered_v1` later) or wrote to
 * it (`im.message.receive_v1`, text only); a staff member left the tenant
 * (`contact.user.deleted_v3`: their groups are handed over). Anything else is acknowledged and dropped.
 */
export function toPlatformEvent(e: FeishuEvent): PlatformEvent | null {
  const base = { key: `feishu:${e.id}`, platform: 'feishu' as const, kind: 'route_event' as const };
  const event = e.event;
  if (e.type === 'p2p_chat_create') {
    const openId = str(obj(event.user).open_id) ?? str(obj(event.operator).open_id);
    return openId && OPEN_ID.test(openId) ? { ...base, action: 'bot_opened', userId: openId } : null;
  }
  if (e.type === 'im.chat.access_event.bot_p2p_chat_entered_v1') {
    const openId = str(obj(event.operator_id).open_id);
    return openId && OPEN_ID.test(openId) ? { ...base, action: 'bot_opened', userId: openId } : null;
  }
  if (e.type === 'contact.user.deleted_v3') {
    const openId = str(obj(event.object).open_id);
    return openId && OPEN_ID.test(openId)
      ? { key: base.key, platform: 'feishu', kind: 'staff_left', userId: openId }
      : null;
  }
  if (e.type === 'im.message.receive_v1') {
    const sender = obj(event.sender);
    const message = obj(event.message);
    const openId = str(obj(sender.sender_id).open_id);
    if (sender.sender_type !== 'user' || message.chat_type !== 'p2p' || message.message_type !== 'text') return null;
    if (!openId || !OPEN_ID.test(openId)) return null;
    let text = '';
    try {
      text = str(obj(JSON.parse(str(message.content) ?? '{}')).text) ?? '';
    } catch {
      return null;
    }
    return { ...base, action: 'bot_message', userId: openId, text: text.slice(0, 500) };
  }
  return null;
}
