import type { CallbackTarget } from './callbacks/push';

export interface SimSettings {
  /** Whether the app is allowed to call customer-contact APIs (客户联系 → 可调用接口的应用). */
  customerContactEnabled: boolean;
  /** The app's trusted domains: JS-SDK pages and OAuth redirects must be on one of them. */
  trustedOrigins: string[];
  callback: CallbackTarget | null;
  /**
   * groupchat/get answers "no such chat" (40050) for groups younger than this, as WeCom's read
   * may lag a chat the client has just created. 0 (default): readable at once.
   */
  groupReadLagMs: number;
}

/** Local development runs on these hosts, any port. */
export const DEFAULT_TRUSTED_ORIGINS = ['localhost', '127.0.0.1'];

/**
 * An entry with a scheme (`https://kequn.example.com:8443`) must match the URL's origin
 * exactly. A bare host (`kequn.example.com`, `localhost:5173`) matches that host over any
 * scheme, and, without a port, any port (a simulator convenience; WeCom requires the exact
 * domain and, for OAuth, the exact port).
 */
export function isTrustedUrl(rawUrl: string, trusted: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return trusted.some((entry) => {
    if (entry.includes('://')) return safeOrigin(entry) === url.origin;
    return entry.includes(':') ? entry === url.host : entry === url.hostname;
  });
}

function safeOrigin(entry: string): string | undefined {
  try {
    return new URL(entry).origin;
  } catch {
    return undefined;
  }
}
