// The signer over real HTTP against the simulator playing WeCom: signatures WeCom accepts,
// bad input refused with 400, upstream trouble mapped to 502/503, nothing secret leaking.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PageSignatures } from '@kequn/contracts';
import { DEMO_CORP, simControl, startSimulator, type StartedSimulator } from '@kequn/wecom-sim';
import { loadConfig } from '../apps/server/src/config';
import { startServer, type RunningServer } from '../apps/server/src/server';
import { PAGE_ORIGIN, realCorpEnv, signaturesPath } from './support/signer-env';

let sim: StartedSimulator;
let control: ReturnType<typeof simControl>;
const started: RunningServer[] = [];
let logText = '';

async function server(extra: Record<string, string> = {}, apiBase = sim.url): Promise<RunningServer> {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logText += chunk.toString();
      done();
    },
  });
  const config = loadConfig({
    ...realCorpEnv(apiBase, {
      PORT: '0',
      HOST: '127.0.0.1',
      TRUSTED_ORIGINS: 'http://localhost:5173',
      METRICS_TOKEN,
    }),
    ...extra,
  });
  const running = await startServer(config, pino({ level: 'debug' }, sink));
  started.push(running);
  return running;
}

const METRICS_TOKEN = 'signer-test-metrics-token';
/** Health and metrics are read as the monitoring would, with the token. */
const get = (s: RunningServer, path: string) =>
  fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });

beforeAll(async () => {
  sim = await startSimulator({ port: 0, trustedOrigins: [PAGE_ORIGIN] });
  control = simControl(sim.url);
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
  await control.reset();
});
afterAll(() => sim.close());

describe('GET /api/jssdk/signatures', () => {
  it('returns corp and agent signatures that WeCom accepts for the page URL', async () => {
    const s = await server();
    const pageUrl = `${PAGE_ORIGIN}/orders/A-1?from=scan`;
    const res = await get(s, signaturesPath(`${pageUrl}#/ignored`));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = PageSignatures.parse(await res.json());
    expect(body).toMatchObject({ corpId: DEMO_CORP.corpId, agentId: DEMO_CORP.agentId });
    const check = (kind: 'corp' | 'agent') =>
      control.verifyJsapi({
        kind,
        corpId: body.corpId,
        agentId: body.agentId,
        url: pageUrl,
        jsApiList: [],
        ...body[kind],
      });
    expect(await check('corp')).toEqual({ ok: true });
    expect(await check('agent')).toEqual({ ok: true });
  });

  it('keeps tokens and tickets on the server', async () => {
    const s = await server();
    const text = await (await get(s, signaturesPath(`${PAGE_ORIGIN}/`))).text();
    const token = (await (
      await fetch(`${sim.url}/cgi-bin/gettoken?corpid=${DEMO_CORP.corpId}&corpsecret=${DEMO_CORP.secret}`)
    ).json()) as { access_token: string };
    const ticket = (await (
      await fetch(`${sim.url}/cgi-bin/get_jsapi_ticket?access_token=${token.access_token}`)
    ).json()) as {
      ticket: string;
    };
    for (const secret of [token.access_token, ticket.ticket, DEMO_CORP.secret]) {
      expect(text).not.toContain(secret);
      expect(logText).not.toContain(secret);
    }
  });

  it('serves a burst of page loads from the cache without throttling', async () => {
    const s = await server();
    const statuses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => get(s, signaturesPath(`${PAGE_ORIGIN}/orders/${i}`)).then((r) => r.status)),
    );
    expect(statuses.every((st) => st === 200)).toBe(true);
    expect(await control.calls()).toMatchObject({
      '/cgi-bin/gettoken': 1,
      '/cgi-bin/get_jsapi_ticket': 1,
      '/cgi-bin/ticket/get': 1,
    });
  });

  it.each([
    ['no url', '/api/jssdk/signatures', 'url_missing'],
    ['an empty url', '/api/jssdk/signatures?url=', 'url_missing'],
    [
      'a repeated url',
      `${signaturesPath(`${PAGE_ORIGIN}/a`)}&url=${encodeURIComponent(`${PAGE_ORIGIN}/b`)}`,
      'url_repeated',
    ],
    ['a huge url', signaturesPath(`${PAGE_ORIGIN}/${'x'.repeat(5000)}`), 'url_too_long'],
    ['a relative url', signaturesPath('/orders/1'), 'url_not_absolute'],
    ['a javascript: url', signaturesPath('javascript:alert(document.cookie)'), 'url_bad_scheme'],
    ['a foreign origin', signaturesPath('https://evil.example.com/orders/1'), 'url_origin_not_allowed'],
    ['another port', signaturesPath('https://h5.example.com:8443/orders/1'), 'url_origin_not_allowed'],
    ['non-UTF-8 bytes', '/api/jssdk/signatures?url=https%3A%2F%2Fh5.example.com%2F%C3%28', 'url_not_utf8'],
  ])('answers %s with 400 and a clear code', async (_what, path, code) => {
    const s = await server();
    const res = await get(s, path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(10);
  });

  it('refuses a URL too big for any header with a 4xx, not a 500', async () => {
    const s = await server();
    const res = await get(s, signaturesPath(`${PAGE_ORIGIN}/${'x'.repeat(70_000)}`));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('signs pages on TRUSTED_ORIGINS too', async () => {
    const s = await server();
    expect((await get(s, signaturesPath('http://localhost:5173/orders/1'))).status).toBe(200);
  });
});

describe('upstream trouble', () => {
  it('starts with a wrong secret, says so in /readyz and answers 502 with the catalogue code', async () => {
    const s = await server({ WECOM_SECRET: 'definitely-not-the-secret' });
    const ready = await get(s, '/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', wecom: 'unavailable' });
    const res = await get(s, signaturesPath(`${PAGE_ORIGIN}/`));
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: { code: 'wecom_invalid_secret' } });
    expect(logText).not.toContain('definitely-not-the-secret');
  });

  it('starts while WeCom is unreachable and answers 503 with the catalogue code', async () => {
    const s = await server({}, 'http://127.0.0.1:9');
    expect((await get(s, '/healthz')).status).toBe(200);
    expect((await get(s, '/readyz')).status).toBe(503);
    const res = await get(s, signaturesPath(`${PAGE_ORIGIN}/`));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'wecom_unreachable' } });
  });

  it('keeps signing from the process cache when Redis is down, and says so', async () => {
    const s = await server({ REDIS_URL: 'redis://127.0.0.1:1' });
    expect((await get(s, signaturesPath(`${PAGE_ORIGIN}/`))).status).toBe(200);
    const ready = (await (await get(s, '/readyz')).json()) as { status: string; sharedCache: string };
    expect(ready).toMatchObject({ status: 'ready', sharedCache: 'down' });
    expect(await (await get(s, '/metrics')).text()).toMatch(/^kequn_shared_cache_up 0$/m);
    expect(logText).toMatch(/shared cache unreachable/);
  });
});

describe('health and metrics', () => {
  it('reports readiness, latency, upstream calls, cache hits and quota use', async () => {
    const s = await server();
    const ready = await get(s, '/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', mode: 'wecom', sharedCache: 'not_configured' });
    await get(s, signaturesPath(`${PAGE_ORIGIN}/`));
    const metrics = await (await get(s, '/metrics')).text();
    expect(metrics).toMatch(/kequn_wecom_upstream_calls_total\{api="gettoken",result="ok"\} 1/);
    expect(metrics).toMatch(/kequn_wecom_credential_lookups_total\{kind="corpTicket",result="hit"\} \d+/);
    expect(metrics).toMatch(/kequn_wecom_fetches_this_hour\{kind="agentTicket",scope="app"\} 1/);
    expect(metrics).toMatch(/kequn_wecom_fetches_this_hour\{kind="corpTicket",scope="corp"\} 1/);
    expect(metrics).toMatch(/kequn_wecom_hourly_quota\{kind="corpTicket",scope="app"\} 100/);
    expect(metrics).toMatch(/kequn_wecom_hourly_quota\{kind="agentTicket",scope="corp"\} 400/);
    expect(metrics).toMatch(
      /kequn_http_request_duration_seconds_count\{method="GET",route="\/api\/jssdk\/signatures",status="200"\} 1/,
    );
  });

  it('sets security headers and echoes a safe request id', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const odd = await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': '<script>' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers signature requests with the same headers, request id and error bodies as the rest', async () => {
    const s = await server();
    const ok = await fetch(`${s.url}${signaturesPath(`${PAGE_ORIGIN}/`)}`, { headers: { 'x-request-id': 'sig-1' } });
    const health = await get(s, '/healthz');
    for (const name of ['content-security-policy', 'x-content-type-options', 'strict-transport-security']) {
      expect(ok.headers.get(name)).toBe(health.headers.get(name));
    }
    expect(ok.headers.get('x-request-id')).toBe('sig-1');
    expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const refused = await fetch(`${s.url}/api/jssdk/signatures`, { headers: { 'x-request-id': 'sig-2' } });
    expect(await refused.json()).toMatchObject({ error: { code: 'url_missing' } });
    expect(logText).toMatch(/"id":"sig-2".*"code":"url_missing".*request refused/);
    expect((await fetch(`${s.url}/api/jssdk/signatures/extra`)).status).toBe(404);
  });

  it('answers unknown paths with a 404 error body', async () => {
    const s = await server();
    const res = await get(s, '/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint.' } });
  });
});

describe('stale tickets', () => {
  it('re-fetches tickets when the page reports a refused signature (refresh=1), rate limited', async () => {
    const s = await server();
    const pageUrl = `${PAGE_ORIGIN}/orders/A-9`;
    const verify = async (path: string) => {
      const body = PageSignatures.parse(await (await get(s, path)).json());
      return control.verifyJsapi({
        kind: 'agent',
        corpId: body.corpId,
        agentId: body.agentId,
        url: pageUrl,
        jsApiList: [],
        ...body.agent,
      });
    };
    expect(await verify(signaturesPath(pageUrl))).toEqual({ ok: true });
    await control.advanceClock(7201); // WeCom's tickets expire while ours look valid
    expect(await verify(signaturesPath(pageUrl))).toMatchObject({ ok: false, errCode: 40093 });
    expect(await verify(`${signaturesPath(pageUrl)}&refresh=1`)).toEqual({ ok: true });
    await control.resetCalls();
    expect(await verify(`${signaturesPath(pageUrl)}&refresh=1`)).toEqual({ ok: true });
    expect((await control.calls())['/cgi-bin/ticket/get'] ?? 0).toBe(0);
  });
});
