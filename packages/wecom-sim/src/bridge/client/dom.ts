/// <reference lib="dom" />
/** DOM helpers for the bridge's native-looking UI (picker, scanner, toast). */

/** Above anything a page would use. */
export const Z = '2147483000';

export const FONT = '15px/1.4 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif';

export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  style: string,
  attrs: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  node.setAttribute('style', style);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

export function whenBody(doc: Document, fn: (body: HTMLElement) => void): void {
  if (doc.body) fn(doc.body);
  else doc.addEventListener('DOMContentLoaded', () => fn(doc.body), { once: true });
}
