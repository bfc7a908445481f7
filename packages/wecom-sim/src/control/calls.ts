/** Calls per endpoint path, so tests can assert e.g. that gettoken was cached. */
export class CallCounter {
  private counts = new Map<string, number>();
  private chats = new Map<string, Map<string, number>>();

  record(path: string): void {
    this.counts.set(path, (this.counts.get(path) ?? 0) + 1);
  }

  /** The same call counted under the chat it named (groupchat/get reads of one group). */
  recordChat(path: string, chatId: string): void {
    const perChat = this.chats.get(path) ?? new Map<string, number>();
    perChat.set(chatId, (perChat.get(chatId) ?? 0) + 1);
    this.chats.set(path, perChat);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** `{path: {chatId: calls}}` for the calls that named a chat_id. */
  byChat(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.chats].map(([path, perChat]) => [path, Object.fromEntries(perChat)]));
  }

  reset(): void {
    this.counts = new Map();
    this.chats = new Map();
  }
}
