import type { SimClock } from '../clock';
import { randomHex } from '../random';

export interface SimMessage {
  messageId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  /** 'bot', or the open id of the person who wrote it. */
  sender: string;
  /** For one-to-one chats: the person on the other side of the bot. */
  peer?: string;
  msgType: string;
  /** The `content` JSON string as sent. */
  content: string;
  /** What a reader sees: the text, a post's or a card's words. */
  text: string;
  createTime: number;
  uuid?: string;
}

/** A message with the same uuid is sent at most once an hour (im/v1/messages `uuid`). */
export const MESSAGE_UUID_WINDOW_MS = 60 * 60 * 1000;
const KEEP = 2000;

/** Every message through the simulator, both ways, for tests and the phone page. */
export class MessageLog {
  private readonly messages: SimMessage[] = [];

  constructor(private readonly clock: SimClock) {}

  add(message: Omit<SimMessage, 'messageId' | 'createTime'>): SimMessage {
    const record: SimMessage = { ...message, messageId: `om_${randomHex(16)}`, createTime: this.clock.now() };
    this.messages.push(record);
    if (this.messages.length > KEEP) this.messages.shift();
    return record;
  }

  byUuid(uuid: string): SimMessage | undefined {
    const since = this.clock.now() - MESSAGE_UUID_WINDOW_MS;
    return this.messages.find((m) => m.sender === 'bot' && m.uuid === uuid && m.createTime > since);
  }

  /** Messages, oldest first, filtered by chat, by the person a one-to-one chat is with, or by sender. */
  list(filter: { chatId?: string; peer?: string; sender?: string } = {}): SimMessage[] {
    return this.messages.filter(
      (m) =>
        (filter.chatId === undefined || m.chatId === filter.chatId) &&
        (filter.peer === undefined || m.peer === filter.peer) &&
        (filter.sender === undefined || m.sender === filter.sender),
    );
  }
}

/** The words of a text, post or interactive (card) message, for people reading the log. */
export function readableText(msgType: string, content: unknown): string {
  if (typeof content !== 'object' || content === null) return '';
  const record = content as Record<string, unknown>;
  if (msgType === 'text') return typeof record.text === 'string' ? record.text : '';
  const words: string[] = [];
  collect(content, words, 0);
  return words.join('\n');
}

/** Strings under `title`, `text` and `content` keys, in document order (posts and cards). */
function collect(node: unknown, out: string[], depth: number): void {
  if (depth > 12 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collect(item, out, depth + 1);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string' && (key === 'title' || key === 'text' || key === 'content')) {
      if (value.trim()) out.push(value);
    } else {
      collect(value, out, depth + 1);
    }
  }
}
