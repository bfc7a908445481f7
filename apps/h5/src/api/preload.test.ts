import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeServer } from '../testing/fake-server';
import { binding, lease, me, orderView, ORDER_ID, signatures } from '../testing/fixtures';
import { eventually, expectEnabled, mountPage } from '../testing/mount-page';
import { createApi } from './client';
import { createHttp } from './http';
import { PRELOAD_ID, preloadedSigner, takePreload, withPreload, type PagePreload } from './preload';

enableAutoUnmount(afterEach);

const PAGE = `http://localhost:3000/orders/${ORDER_ID}?from=scan`;
const BOUND = 'wrmeClJ9iEbOtXfry3djGKNXDOzp2qdb';

const preload = (overrides: Partial<PagePreload> = {}): PagePreload => ({
  url: PAGE,
  me: me(),
  signatures: signatures(7),
  order: orderView(),
  ...overrides,
});

function setup(given: PagePreload | null, url = PAGE) {
  const server = new FakeServer({ me: me(), order: orderView({ title: 'fetched' }), signatures: signatures(1) });
  return { server, api: withPreload(createApi(createHttp(server.adapter)), given, url) };
}

/** A document with the element as the server writes it (the text given raw, as in the HTML). */
function documentWith(element: string): Document {
  const doc = document.implementation.createHTMLDocument('page');
  doc.body.innerHTML = `<div id="app"></div>${element}`;
  return doc;
}

describe('takePreload', () => {
  it('reads the escaped JSON back to the same text and takes the element out of the page', () => {
    const json = '{"url":"u","me":null,"signatures":null,"order":{"title":"\\u003c/script\\u003e\\u0026\\u2028"}}';
    const doc = documentWith(`<script type="application/json" id="${PRELOAD_ID}">${json}</script>`);
    expect(takePreload(doc)?.order).toEqual({ title: '</script>&\u2028' });
    expect(doc.getElementById(PRELOAD_ID)).toBeNull();
    expect(takePreload(doc)).toBeNull();
  });

  it('counts anything else as no preload: no element, another kind of element, broken JSON, no url', () => {
    const cases = [
      '',
      `<div id="${PRELOAD_ID}">{"url":"u"}</div>`,
      `<script type="text/plain" id="${PRELOAD_ID}">{"url":"u"}</script>`,
      `<script type="application/json" id="${PRELOAD_ID}">{"url":</script>`,
      `<script type="application/json" id="${PRELOAD_ID}">{"me":{}}</script>`,
    ];
    for (const element of cases) expect(takePreload(documentWith(element)), element).toBeNull();
  });
});

describe('withPreload', () => {
  it('answers the first me() and order() and the signatures of its own URL without a request', async () => {
    const { server, api } = setup(preload());
    expect(await api.me()).toEqual(me());
    expect(await api.order(ORDER_ID)).toEqual(orderView());
    expect(await api.signatures(PAGE)).toEqual(signatures(7));
    expect(await api.signatures(PAGE)).toEqual(signatures(7));
    expect(server.requests).toHaveLength(0);
  });

  it('asks the server after the first order(): a poll sees what changed since the HTML was served', async () => {
    const { server, api } = setup(preload());
    await api.order(ORDER_ID);
    expect((await api.order(ORDER_ID)).title).toBe('fetched');
    await api.me();
    await api.me();
    expect(server.count(`GET /api/orders/${ORDER_ID}`)).toBe(1);
    expect(server.count('GET /api/me')).toBe(1);
  });

  it('ignores signatures made for another URL, and fetches its own', async () => {
    const { server, api } = setup(preload({ url: `${PAGE}&other=1` }));
    expect(await api.signatures(PAGE)).toEqual(signatures(1));
    expect(server.count('GET /api/jssdk/signatures')).toBe(1);
    expect(server.requests[0]?.query.get('url')).toBe(PAGE);
  });

  it('signs afresh once the page forgot or refreshed the preloaded signatures (WeCom refused them)', async () => {
    const { server, api } = setup(preload());
    api.forgetSignatures(PAGE);
    expect(await api.signatures(PAGE)).toEqual(signatures(1));
    const refreshed = setup(preload());
    await refreshed.api.refreshSignatures(PAGE);
    await refreshed.api.signatures(PAGE);
    expect(server.count('GET /api/jssdk/signatures')).toBe(1);
    expect(refreshed.server.count('GET /api/jssdk/signatures')).toBe(1);
    expect(refreshed.server.requests[0]?.query.get('refresh')).toBe('1');
  });

  it('fetches an order the preload is not for (the preload is then spent), and nothing else is needed without one', async () => {
    const { server, api } = setup(preload());
    await expect(api.order('B2002')).rejects.toMatchObject({ code: 'order_not_found' });
    expect(server.count('GET /api/orders/B2002')).toBe(1);
    expect((await api.order(ORDER_ID)).title).toBe('fetched');
    const none = setup(null);
    await none.api.me();
    expect(none.server.count('GET /api/me')).toBe(1);
  });
});

describe('preloadedSigner (the WeCom connection before the API chunk is in)', () => {
  it('signs its own URL from the preload at once, and hands the rest and any forgetting to the API', async () => {
    const { server, api } = setup(null);
    let apiIn: (a: typeof api) => void = () => undefined;
    const signer = preloadedSigner(preload(), PAGE, new Promise((resolve) => (apiIn = resolve)));
    expect(await signer.signatures(PAGE)).toEqual(signatures(7));
    const other = signer.signatures(`${PAGE}&b=1`);
    signer.forgetSignatures(PAGE);
    const again = signer.signatures(PAGE);
    apiIn(api);
    expect(await other).toEqual(signatures(1));
    expect(await again).toEqual(signatures(1));
    expect(server.count('GET /api/jssdk/signatures')).toBe(2);
  });
});

describe('the order page from a preload', () => {
  it('shows the preloaded order at once, asking only for what changed since (the poll)', async () => {
    const order = orderView({ creating: lease('wangwu') });
    const page = await mountPage({
      early: true,
      preload: preload({ order }),
      before: (server) => void (server.state.order = { ...order, group: binding(BOUND), creating: null }),
    });
    expect(page.server.count('GET /api/me')).toBe(0);
    expect(page.server.count('GET /api/jssdk/signatures')).toBe(0);
    await eventually(() => expectEnabled(page, 'open-group'));
    expect(page.server.count(`GET /api/orders/${ORDER_ID}`)).toBeGreaterThan(0);
    expect(page.server.count(`POST /api/orders/${ORDER_ID}/group/intent`)).toBe(0);
  });

  it('registers the SDK with the preloaded signatures when they are for this very URL', async () => {
    const page = await mountPage({
      early: true,
      preload: preload({ url: location.origin + `/orders/${ORDER_ID}?from=scan` }),
    });
    expectEnabled(page, 'create-group');
    expect(page.sdk.signed.map((s) => s.signature)).toContainEqual(signatures(7).agent);
    expect(page.server.count('GET /api/jssdk/signatures')).toBe(0);
  });
});
