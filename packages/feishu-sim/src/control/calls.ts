/**
 * Calls per endpoint (`POST /open-apis/im/v1/chats`), so tests can assert e.g. that the
 * token was cached. Ids in paths are folded (`/chats/:chat_id`) to keep keys stable.
 */
export class CallCounter {
  private counts = new Map<string, number>();

  record(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts = new Map();
  }
}

/** `POST /open-apis/im/v1/chats/oc_123/members` → `POST /open-apis/im/v1/chats/:chat_id/members`. */
export function endpointKey(method: string, path: string): string {
  const folded = path.replace(/\/chats\/[^/]+/, '/chats/:chat_id').replace(/\/+$/, '');
  return `${method.toUpperCase()} ${folded}`;
}

export const CREATE_CHAT_KEY = 'POST /open-apis/im/v1/chats';
export const TOKEN_KEY = 'POST /open-apis/auth/v3/tenant_access_token/internal';
