import type { Me, PageSignatures, StaffOrderView } from '@kequn/contracts';
import type { KequnApi } from './client';

/** The element the server writes into the HTML of /orders/:id (apps/server/src/h5/preload.ts). */
export const PRELOAD_ID = 'kequn-preload';

/** What the server answered ahead for this page; parts it could not make are null. */
export interface PagePreload {
  /** The URL the signatures are for: usable only when it is this page's own (cut at `#`). */
  url: string;
  me: Me | null;
  signatures: PageSignatures | null;
  order: StaffOrderView | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const objectOrNull = (v: unknown) => (isObject(v) ? v : null);

/**
 * Takes the preload out of the document (read once: a later read gets nothing). Anything but
 * our JSON element with a `url` counts as no preload; the page then asks as it would anyway.
 */
export function takePreload(doc: Document): PagePreload | null {
  const element = doc.getElementById(PRELOAD_ID);
  if (!element || element.tagName !== 'SCRIPT' || element.getAttribute('type') !== 'application/json') return null;
  element.remove();
  let data: unknown;
  try {
    data = JSON.parse(element.textContent ?? '');
  } catch {
    return null;
  }
  if (!isObject(data) || typeof data.url !== 'string') return null;
  return {
    url: data.url,
    me: objectOrNull(data.me) as Me | null,
    signatures: objectOrNull(data.signatures) as PageSignatures | null,
    order: objectOrNull(data.order) as StaffOrderView | null,
  };
}

/**
 * The API with the preload's answers in front: the first me() and the first order() of the
 * preloaded order take them, later calls (the page's polling, a retry) ask the server, so a view
 * that aged since the HTML was served is replaced by the next poll like any fetched one.
 * Signatures count only for the exact URL they were made for, and until the page forgets them.
 */
export function withPreload(api: KequnApi, preload: PagePreload | null, pageUrl: string): KequnApi {
  if (!preload) return api;
  let me = preload.me;
  let order = preload.order;
  let signed = preload.url === pageUrl && preload.signatures ? { url: pageUrl, value: preload.signatures } : null;
  return {
    ...api,
    me() {
      const early = me;
      me = null;
      return early ? Promise.resolve(early) : api.me();
    },
    order(id) {
      const early = order;
      order = null;
      return early?.orderId === id ? Promise.resolve(early) : api.order(id);
    },
    signatures(url) {
      return signed?.url === url ? Promise.resolve(signed.value) : api.signatures(url);
    },
    forgetSignatures(url) {
      if (signed?.url === url) signed = null;
      api.forgetSignatures(url);
    },
    refreshSignatures(url) {
      if (signed?.url === url) signed = null;
      return api.refreshSignatures(url);
    },
  };
}

/** What the WeCom connection signs with (wecom/connection.ts's PageSigner). */
interface Signer {
  signatures(url: string): Promise<PageSignatures>;
  forgetSignatures(url: string): void;
}

/**
 * A signer that answers from the preload at once and hands everything else to the API once its
 * chunk (axios) is in: with the signatures in the HTML, the WeCom connection need not wait for it.
 */
export function preloadedSigner(preload: PagePreload | null, pageUrl: string, api: Promise<Signer>): Signer {
  let signed = preload?.url === pageUrl ? preload.signatures : null;
  return {
    signatures: (url) => (signed && url === pageUrl ? Promise.resolve(signed) : api.then((a) => a.signatures(url))),
    forgetSignatures(url) {
      if (url === pageUrl) signed = null;
      void api.then((a) => a.forgetSignatures(url));
    },
  };
}
