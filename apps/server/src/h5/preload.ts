import type { Me, PageSignatures, StaffOrderView } from '@kequn/contracts';

/** The element the page reads its preload from (apps/h5/src/api/preload.ts). */
export const PRELOAD_ID = 'kequn-preload';

/**
 * What the page would ask for first, put into the HTML of /orders/:id for a signed-in staff
 * member: saves the round trip of those requests. `url` is the page URL the signatures are
 * for; the page uses them only if it equals its own location (cut at `#`).
 */
export interface PagePreload {
  url: string;
  me: Me;
  signatures: PageSignatures | null;
  order: StaffOrderView | null;
}

/**
 * JSON inside a non-executable script element. `<`, `>` and `&` become \u escapes so no value can
 * close the element or open a comment; U+2028/9 so the text stays valid for any JS reader.
 */
export function preloadElement(preload: PagePreload): string {
  const json = JSON.stringify(preload).replace(/[<>&\u2028\u2029]/g, escapeChar);
  return `<script type="application/json" id="${PRELOAD_ID}">${json}</script>`;
}

const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** At the end of <body>: the asset links in <head> reach the browser's preload scanner first. */
export function withPreload(html: string, preload: PagePreload): string {
  const element = preloadElement(preload);
  const at = html.lastIndexOf('</body>');
  return at === -1 ? `${html}${element}` : `${html.slice(0, at)}${element}${html.slice(at)}`;
}
