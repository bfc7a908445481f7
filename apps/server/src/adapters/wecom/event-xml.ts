import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { hasControlCharacters } from '@kequn/contracts';

/** A decrypted WeCom event, flattened to its text fields (MemChangeList items joined by commas). */
export interface CallbackEvent {
  event: string;
  fields: Record<string, string>;
}

// Entities off: the outer envelope is parsed before its signature can be checked.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: false,
  htmlEntities: false,
  isArray: (name) => name === 'Item',
});

function root(xml: string): Record<string, unknown> | null {
  let doc: unknown;
  try {
    doc = parser.parse(xml, true);
  } catch {
    return null;
  }
  const top = (doc as { xml?: unknown } | null)?.xml;
  return typeof top === 'object' && top !== null ? (top as Record<string, unknown>) : null;
}

/** `<xml><ToUserName/><AgentID/><Encrypt/></xml>` → the ciphertext. */
export function parseEnvelope(xml: string): string | null {
  const encrypt = root(xml)?.Encrypt;
  return typeof encrypt === 'string' && encrypt.length > 0 ? encrypt : null;
}

export function parseEvent(xml: string): CallbackEvent | null {
  const top = root(xml);
  if (!top) return null;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(top)) {
    if (typeof value === 'string') fields[name] = value;
    else if (name === 'MemChangeList') fields[name] = itemsOf(value).join(',');
  }
  return fields.Event ? { event: fields.Event, fields } : null;
}

function itemsOf(value: unknown): string[] {
  const items = (value as { Item?: unknown } | null)?.Item;
  return Array.isArray(items) ? items.filter((i): i is string => typeof i === 'string') : [];
}

/**
 * The de-duplication key: WeCom re-encrypts every retry with fresh random bytes, so the key is
 * a hash of the decrypted fields (ChatId, ChangeType, UpdateDetail, CreateTime, member versions …).
 */
export function eventKey(event: CallbackEvent): string {
  const canonical = Object.entries(event.fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Ids WeCom puts in events: chat ids (wr…), user ids and external user ids. */
const ID_FIELDS: Record<string, RegExp> = {
  ChatId: /^[A-Za-z0-9_-]{1,128}$/,
  UserID: /^[A-Za-z0-9_.@-]{1,64}$/,
  ExternalUserID: /^[A-Za-z0-9_-]{1,128}$/,
};

/**
 * Why an authentic event cannot be stored or processed (a control character anywhere, an id of
 * an impossible shape), or null. Such an event is refused at once instead of being stored and
 * retried as a poison event.
 */
export function eventProblem(event: CallbackEvent): string | null {
  for (const [name, value] of Object.entries(event.fields)) {
    if (hasControlCharacters(name) || hasControlCharacters(value)) return `${name} contains a control character`;
    const shape = ID_FIELDS[name];
    if (shape && value !== '' && !shape.test(value)) return `${name} is not a valid id`;
  }
  return null;
}
