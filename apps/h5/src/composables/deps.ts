import { inject, type InjectionKey } from 'vue';
import type { KequnApi } from '../api/client';
import type { WecomConnection } from '../wecom/connection';
import type { WecomSdk } from '../wecom/sdk';

/** What the page needs from the outside world; main.ts passes the real ones, tests pass fakes. */
export interface AppDeps {
  api: KequnApi;
  sdk: WecomSdk;
  /** Registration and entry, possibly started by main.ts before the app mounted. */
  wecom: WecomConnection;
  /**
   * A full page load that replaces this one in the history (the server's WeCom sign-in, a reload,
   * the toolbar page handing over to the order's page): Back never returns to a page that only
   * redirects.
   */
  navigate(url: string): void;
  /** How often the order is re-read while its group is being created elsewhere or confirmed. */
  pollMs: number;
}

export const DEPS: InjectionKey<AppDeps> = Symbol('kequn.deps');

export function useDeps(): AppDeps {
  const deps = inject(DEPS);
  if (!deps) throw new Error('kequn deps are not provided: create the app with createKequnApp()');
  return deps;
}
