import type { SimClock } from '../clock';
import { randomHex } from '../random';
import type { Chat, NewChat } from './model';

/** The same uuid with the same owner makes at most one chat within this window [facts §14]. */
export const UUID_WINDOW_MS = 10 * 60 * 60 * 1000;

export class ChatStore {
  private readonly chats = new Map<string, Chat>();
  /** Chats with a member add in progress: a second add meanwhile answers 232019 [S49][S50]. */
  private readonly adding = new Set<string>();

  constructor(private readonly clock: SimClock) {}

  get(chatId: string): Chat | undefined {
    return this.chats.get(chatId);
  }

  all(): Chat[] {
    return [...this.chats.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  /** The chat an earlier call made with this uuid and owner, if still inside the window. */
  byUuid(uuid: string, ownerId: string): Chat | undefined {
    const since = this.clock.now() - UUID_WINDOW_MS;
    return this.all().find((c) => c.uuid === uuid && c.ownerId === ownerId && c.createdAt > since);
  }

  create(input: NewChat): Chat {
    const chat: Chat = {
      chatId: `oc_${randomHex(16)}`,
      chatMode: 'group',
      createdAt: this.clock.now(),
      ...input,
      members: unique(input.members),
      bots: unique(input.bots),
    };
    this.chats.set(chat.chatId, chat);
    return chat;
  }

  addMembers(chatId: string, openIds: string[]): void {
    const chat = this.chats.get(chatId);
    if (chat) chat.members = unique([...chat.members, ...openIds]);
  }

  setOwner(chatId: string, ownerId: string): void {
    const chat = this.chats.get(chatId);
    if (chat) chat.ownerId = ownerId;
  }

  /** Marks an add in progress; false when one already is. */
  beginAdd(chatId: string): boolean {
    if (this.adding.has(chatId)) return false;
    this.adding.add(chatId);
    return true;
  }

  endAdd(chatId: string): void {
    this.adding.delete(chatId);
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
