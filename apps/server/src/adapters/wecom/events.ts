import type { PlatformEvent } from '../../groups/ports';
import { eventKey, type CallbackEvent } from './event-xml';

/**
 * A decrypted WeCom event in the core's terms [platform-facts §7]: change_external_chat → the group
 * changed or was dismissed; change_external_contact → the staff member's customers changed;
 * change_contact delete_user → the staff member left. Anything else is acknowledged and dropped.
 * The key is the hash of the decrypted fields, as it was before events were normalised, so a
 * retry spanning an upgrade is still recognised.
 */
export function toPlatformEvent(raw: CallbackEvent): PlatformEvent | null {
  return normalise(raw.event, raw.fields, eventKey(raw));
}

/** The same for rows stored raw by an older version of the inbox. */
export function legacyWecomEvent(event: string, fields: Record<string, string>): PlatformEvent | null {
  return normalise(event, fields, eventKey({ event, fields }));
}

function normalise(event: string, f: Record<string, string>, key: string): PlatformEvent | null {
  const base = { key, platform: 'wecom' as const };
  if (event === 'change_external_chat' && f.ChatId) {
    return { ...base, kind: f.ChangeType === 'dismiss' ? 'group_dismissed' : 'group_changed', chatId: f.ChatId };
  }
  if (event === 'change_external_contact' && f.UserID) return { ...base, kind: 'contacts_changed', userId: f.UserID };
  if (event === 'change_contact' && f.ChangeType === 'delete_user' && f.UserID) {
    return { ...base, kind: 'staff_left', userId: f.UserID };
  }
  return null;
}
