import type { SimClock } from '../clock';
import { randomHex } from '../random';
import type { Directory } from './directory';

export interface P2pChat {
  openId: string;
  chatId: string;
  /** When the person first opened the bot (ms); undefined for staff the bot wrote to first. */
  openedAt?: number;
  opens: number;
}

/**
 * Who the bot can reach, and the one-to-one chat with each. Staff are always in the app's
 * availability; an external customer only after they opened the bot and confirmed
 * (seeds 000/001): until then chat creation answers 232043 and messages 230013.
 */
export class BotReach {
  private readonly chats = new Map<string, P2pChat>();

  constructor(
    private readonly directory: Directory,
    private readonly clock: SimClock,
  ) {
    for (const customer of directory.allCustomers()) {
      if (customer.openedBot) this.chats.set(customer.openId, this.newChat(customer.openId, 1));
    }
  }

  available(openId: string): boolean {
    if (this.directory.isStaff(openId)) return true;
    return this.directory.isCustomer(openId) && this.hasOpened(openId);
  }

  hasOpened(openId: string): boolean {
    return (this.chats.get(openId)?.opens ?? 0) > 0;
  }

  /** The person opens the bot; `first` tells whether the one-to-one chat was created now. */
  open(openId: string): { chat: P2pChat; first: boolean } {
    const existing = this.chats.get(openId);
    if (existing && existing.opens > 0) {
      existing.opens += 1;
      return { chat: existing, first: false };
    }
    const chat = existing ?? this.newChat(openId, 0);
    chat.opens = 1;
    chat.openedAt = this.clock.now();
    this.chats.set(openId, chat);
    return { chat, first: true };
  }

  /** The one-to-one chat with a person, created when the bot writes to staff first. */
  chatWith(openId: string): P2pChat | undefined {
    const existing = this.chats.get(openId);
    if (existing) return existing;
    if (!this.directory.isStaff(openId)) return undefined;
    const chat = this.newChat(openId, 0);
    this.chats.set(openId, chat);
    return chat;
  }

  byChatId(chatId: string): P2pChat | undefined {
    return [...this.chats.values()].find((c) => c.chatId === chatId);
  }

  private newChat(openId: string, opens: number): P2pChat {
    return { openId, chatId: `oc_${randomHex(16)}`, opens, openedAt: opens ? this.clock.now() : undefined };
  }
}
