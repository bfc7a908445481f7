import type { Me, StaffOrderView } from '@kequn/contracts';
import { createApi, type KequnApi } from './client';
import { createHttp } from './http';
import { withPreload, type PagePreload } from './preload';

const ORDER_PATH = /^\/orders\/([^/]+)\/?$/;

/**
 * Starts the first screen's requests before Vue has mounted (the order, the staff member, the
 * page signatures), so they travel while the app boots. The first `me()` and `order(id)` take the
 * started request; later calls (refresh, retry) ask again. Signatures are cached per URL already.
 */
export function withEarlyLoads(api: KequnApi, location: Location, pageUrl: string): KequnApi {
  const orderId = ORDER_PATH.exec(location.pathname)?.[1];
  if (!orderId) return api;
  let me: Promise<Me> | null = quiet(api.me());
  let order: Promise<StaffOrderView> | null = quiet(api.order(decodeURIComponent(orderId)));
  void quiet(api.signatures(pageUrl));
  return {
    ...api,
    me() {
      const early = me;
      me = null;
      return early ?? api.me();
    },
    order(id) {
      const early = order;
      order = null;
      return early && id === decodeURIComponent(orderId) ? early : api.order(id);
    },
  };
}

/**
 * The page's API as main.ts starts it: the preload's answers first, then the early requests for
 * whatever the preload did not bring. Its own chunk (with axios), so the entry stays small.
 */
export function startApi(
  preload: PagePreload | null,
  location: Location,
  pageUrl: string,
  http = createHttp(),
): KequnApi {
  return withEarlyLoads(withPreload(createApi(http), preload, pageUrl), location, pageUrl);
}

/** The page reads the outcome later; until then a failure must not count as unhandled. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
