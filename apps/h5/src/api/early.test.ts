import { describe, expect, it } from 'vitest';
import { FakeServer } from '../testing/fake-server';
import { me, orderView, ORDER_ID, signatures } from '../testing/fixtures';
import { createApi } from './client';
import { startApi, withEarlyLoads } from './early';
import { createHttp } from './http';

const PAGE = `http://localhost:3000/orders/${ORDER_ID}?from=scan`;
const at = (path: string) => ({ pathname: path }) as Location;

function setup(path: string, offline = false) {
  const server = new FakeServer({ me: me(), order: orderView(), signatures: signatures() });
  server.offline = offline;
  const api = withEarlyLoads(createApi(createHttp(server.adapter)), at(path), PAGE);
  return { server, api };
}

describe('withEarlyLoads', () => {
  it('sends the order, staff and signature requests at once, before anyone asks', async () => {
    const { server } = setup(`/orders/${ORDER_ID}`);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(server.requests.map((r) => r.path).sort()).toEqual(
      ['/api/jssdk/signatures', '/api/me', `/api/orders/${ORDER_ID}`].sort(),
    );
  });

  it('hands the started requests to the first callers only; later calls ask again', async () => {
    const { server, api } = setup(`/orders/${ORDER_ID}`);
    await api.me();
    await api.order(ORDER_ID);
    await api.signatures(PAGE);
    expect(server.requests).toHaveLength(3);
    await api.me();
    await api.order(ORDER_ID);
    expect(server.count('GET /api/me')).toBe(2);
    expect(server.count(`GET /api/orders/${ORDER_ID}`)).toBe(2);
  });

  it('keeps an early failure for the page to read (vitest fails on unhandled rejections)', async () => {
    const { server, api } = setup(`/orders/${ORDER_ID}`, true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(api.me()).rejects.toMatchObject({ code: 'network' });
    server.offline = false;
    await expect(api.me()).resolves.toMatchObject({ userId: 'zhangsan' });
  });

  it('does nothing on pages that are not an order', () => {
    const { server } = setup('/somewhere/else');
    expect(server.requests).toHaveLength(0);
  });
});

describe('startApi', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('sends no early request for what the HTML brought, and the rest as before', async () => {
    const server = new FakeServer({ me: me(), order: orderView(), signatures: signatures() });
    const preload = { url: PAGE, me: me(), signatures: signatures(7), order: null };
    const api = startApi(preload, at(`/orders/${ORDER_ID}`), PAGE, createHttp(server.adapter));
    await settle();
    expect(server.requests.map((r) => r.path)).toEqual([`/api/orders/${ORDER_ID}`]);
    expect(await api.signatures(PAGE)).toEqual(signatures(7));
  });

  it('without a preload sends all three', async () => {
    const server = new FakeServer({ me: me(), order: orderView(), signatures: signatures() });
    startApi(null, at(`/orders/${ORDER_ID}`), PAGE, createHttp(server.adapter));
    await settle();
    expect(server.requests).toHaveLength(3);
  });
});
