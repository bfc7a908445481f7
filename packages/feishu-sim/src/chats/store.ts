import type { SimClock } from '../clock';
import { randomHex } from '../random';
import type { Chat, NewChat } from './model';

/** The same uuid with the same owner makes at most one chat within this window [facts §14]. */
export const UUID_WINDOW_MS = 10 * 60 * 60 * 1000;

/** Update-chat limits per app (the im/v1 update page): 50 a second, 1000 a minute. */
export const UPDATE_PER_SECOND = 50;
export const UPDATE_PER_MINUTE = 1000;

export class ChatStore {
  private readonly chats = new Map<string, Chat>();
  /** Chats with a member add in progress: a second add meanwhile answers 232019 [S49][S50]. */
  private readonly adding = new Set<string>();
  /** Accepted updates per simulator second and minute (fixed windows, as for creates; UNCONFIRMED). */
  private readonly updates = { second: -1, inSecond: 0, minute: -1, inMinute: 0 };

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
      status: 'normal',
      ownerChanges: [],
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
    if (!chat || chat.ownerId === ownerId) return;
    chat.ownerChanges.push({ from: chat.ownerId, to: ownerId, at: this.clock.now() });
    chat.ownerId = ownerId;
  }

  /** What a person does in the client (群设置 → 解散群); the bot of an external chat cannot. */
  dissolve(chatId: string): void {
    const chat = this.chats.get(chatId);
    if (chat) chat.status = 'dissolved';
  }

  /** The bot was removed from the chat by a person (the API then answers 232011). */
  removeBot(chatId: string, appId: string): void {
    const chat = this.chats.get(chatId);
    if (chat) chat.bots = chat.bots.filter((id) => id !== appId);
  }

  /** Whether one more chat update fits the per-app limits; counts it when it does. */
  admitUpdate(): boolean {
    const second = Math.floor(this.clock.now() / 1000);
    const minute = Math.floor(second / 60);
    const u = this.updates;
    if (u.second !== second) Object.assign(u, { second, inSecond: 0 });
    if (u.minute !== minute) Object.assign(u, { minute, inMinute: 0 });
    if (u.inSecond >= UPDATE_PER_SECOND || u.inMinute >= UPDATE_PER_MINUTE) return false;
    u.inSecond += 1;
    u.inMinute += 1;
    return true;
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
