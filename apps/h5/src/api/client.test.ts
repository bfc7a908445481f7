import { describe, expect, it } from 'vitest';
import { binding, me, orderView, ORDER_ID, signatures } from '../testing/fixtures';
import { FakeServer, fail } from '../testing/fake-server';
import { createApi } from './client';
import { ApiFailure } from './errors';
import { createHttp } from './http';

const setup = () => {
  const server = new FakeServer({ me: me(), order: orderView(), signatures: signatures() });
  return { server, api: createApi(createHttp(server.adapter)) };
};
const PAGE = `http://localhost:3000/orders/${ORDER_ID}?a=1&b=%E4%B8%AD`;

describe('createApi', () => {
  it('asks for the signatures of one URL once, however often and concurrently asked', async () => {
    const { server, api } = setup();
    const [a, b] = await Promise.all([api.signatures(PAGE), api.signatures(PAGE)]);
    expect(a).toBe(b);
    await api.signatures(PAGE);
    await api.signatures(`${PAGE}&c=2`);
    expect(server.count('GET /api/jssdk/signatures')).toBe(2);
    expect(server.requests[0]?.query.get('url')).toBe(PAGE);
  });

  it('does not keep a failed signature request, and forgets on demand', async () => {
    const { server, api } = setup();
    server.offline = true;
    await expect(api.signatures(PAGE)).rejects.toMatchObject({ code: 'network', network: true });
    server.offline = false;
    await api.signatures(PAGE);
    api.forgetSignatures(PAGE);
    await api.signatures(PAGE);
    expect(server.count('GET /api/jssdk/signatures')).toBe(3);
  });

  it('maps error bodies to ApiFailure with status, code and message', async () => {
    const { server, api } = setup();
    server.on('GET /api/orders/:orderId', () => fail(403, 'forbidden', 'not on this order'));
    const err = await api.order(ORDER_ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiFailure);
    expect(err).toMatchObject({ status: 403, code: 'forbidden', message: 'not on this order', network: false });
  });

  it('maps a bodiless error to http_<status>', async () => {
    const { server, api } = setup();
    server.on('GET /api/me', () => ({ status: 502 }));
    await expect(api.me()).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('reads the bind answer in each shape the server may give', async () => {
    const { server, api } = setup();
    const group = binding('wrX');
    const shapes: unknown[] = [{ group }, orderView({ group }), group];
    for (const body of shapes) {
      server.on('POST /api/orders/:orderId/group', () => ({ status: 200, body }));
      expect(await api.bind(ORDER_ID, 'wrX')).toEqual({ accepted: false, group });
    }
    server.on('POST /api/orders/:orderId/group', () => ({ status: 202 }));
    expect(await api.bind(ORDER_ID, null)).toEqual({ accepted: true, group: null });
    expect(server.requests.at(-1)?.body).toEqual({ chatId: null });
  });

  it('escapes the order id in the path', async () => {
    const { server, api } = setup();
    await api.order('A 1/2').catch(() => undefined);
    expect(server.requests.at(-1)?.path).toBe('/api/orders/A%201%2F2');
  });
});
