import { describe, expect, it } from 'vitest';
import { preloadElement, withPreload, type PagePreload } from './preload';

const preload = (title: string): PagePreload => ({
  url: 'https://kequn.example/orders/A-1?from=scan',
  me: { userId: 'zhangsan', name: null, corpId: 'wwcorp' },
  signatures: null,
  order: {
    orderId: 'A-1',
    title,
    groupName: title,
    customer: { match: 'none', customers: [] },
    participants: [],
    group: null,
    creating: null,
  } as unknown as PagePreload['order'],
});

/** The text between the element's tags, as an HTML parser would take it. */
const body = (html: string) =>
  /<script type="application\/json" id="kequn-preload">([\s\S]*?)<\/script>/.exec(html)?.[1];

describe('the preload element', () => {
  it('keeps hostile text from closing the element or opening markup, and parses back to the same data', () => {
    const hostile = '</script><script>alert(1)</script><!-- & \u2028\u2029 -->';
    const html = preloadElement(preload(hostile));
    const text = body(html) ?? '';
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(html.match(/<\/script>/gi)).toHaveLength(1);
    expect((JSON.parse(text) as PagePreload).order?.title).toBe(hostile);
  });

  it('is a JSON data block, never a script the browser runs', () => {
    expect(preloadElement(preload('x'))).toMatch(/^<script type="application\/json" id="kequn-preload">\{/);
  });

  it('goes at the end of <body>, after the asset links of <head>', () => {
    const html = withPreload(
      '<html><head><script src="/a.js"></script></head><body><div id="app"></div></body></html>',
      preload('x'),
    );
    expect(html).toMatch(
      /<div id="app"><\/div><script type="application\/json" id="kequn-preload">.*<\/script><\/body><\/html>$/,
    );
  });
});
