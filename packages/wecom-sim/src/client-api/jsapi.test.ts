import { getJsApiSignature } from '@wecom/crypto';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../app';
import { DEMO_CORP } from '../corp/config';
import { cgiGet, testSimulator, tokenFor } from '../test-helpers';
import { jsapiSignature } from './jsapi-signature';

describe('jsapiSignature', () => {
  it('matches the official test vector', () => {
    const signature = jsapiSignature({
      ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestamp: 1414587457,
      url: 'http://mp.weixin.qq.com?params=value',
    });
    expect(signature).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('ignores the fragment, like the client does', () => {
    const base = { ticket: 't', nonceStr: 'n', timestamp: '1' };
    expect(jsapiSignature({ ...base, url: 'https://a.example/p?x=1#/orders' })).toBe(
      jsapiSignature({ ...base, url: 'https://a.example/p?x=1' }),
    );
  });
});

describe('POST /__sim/jsapi/verify', () => {
  let sim: Simulator;
  const url = 'http://localhost:5173/orders/A1001?from=list#/detail';
  const nonceStr = 'abc123';
  const timestamp = 1767225600;

  beforeEach(() => {
    sim = testSimulator();
  });

  async function ticket(kind: 'corp' | 'agent'): Promise<string> {
    const token = await tokenFor(sim);
    const res =
      kind === 'corp'
        ? await cgiGet(sim, '/get_jsapi_ticket', { access_token: token })
        : await cgiGet(sim, '/ticket/get', { access_token: token, type: 'agent_config' });
    return res.body.ticket as string;
  }

  function verify(kind: 'corp' | 'agent', signature: string, overrides: Record<string, unknown> = {}) {
    return request(sim.app)
      .post('/__sim/jsapi/verify')
      .send({
        kind,
        corpId: DEMO_CORP.corpId,
        ...(kind === 'agent' ? { agentId: DEMO_CORP.agentId } : {}),
        url,
        timestamp,
        nonceStr,
        signature,
        jsApiList: ['openEnterpriseChat'],
        ...overrides,
      });
  }

  const sign = (t: string, pageUrl = url) =>
    getJsApiSignature({ ticket: t, nonceStr, timestamp, url: pageUrl.split('#')[0] ?? '' }).signature;

  it('accepts an agentConfig signed with the current agent ticket', async () => {
    const res = await verify('agent', sign(await ticket('agent')));
    expect(res.body).toEqual({ ok: true });
  });

  it('accepts a config signed with the current corp ticket', async () => {
    expect((await verify('corp', sign(await ticket('corp')))).body).toEqual({ ok: true });
  });

  it('reports invalid signature (40093) for a wrong signature or no ticket ever issued', async () => {
    expect((await verify('agent', 'f'.repeat(40))).body).toEqual({
      ok: false,
      errMsg: 'invalid signature',
      errCode: 40093,
    });
    await ticket('agent');
    const signedOtherUrl = sign(await ticket('agent'), 'http://localhost:5173/other');
    expect((await verify('agent', signedOtherUrl)).body.errCode).toBe(40093);
  });

  it('reports invalid signature once the ticket expired', async () => {
    const signature = sign(await ticket('agent'));
    sim.clock.advance(7200 * 1000);
    expect((await verify('agent', signature)).body).toMatchObject({ ok: false, errMsg: 'invalid signature' });
  });

  it('flags agentConfig signed with the corp ticket (42012)', async () => {
    const res = await verify('agent', sign(await ticket('corp')));
    expect(res.body).toEqual({ ok: false, errMsg: 'invalid signature', errCode: 42012 });
  });

  it('checks corpId, agentId and the trusted domain', async () => {
    const signature = sign(await ticket('agent'));
    expect((await verify('agent', signature, { corpId: 'wwother' })).body).toMatchObject({
      ok: false,
      errMsg: 'invalid corpid',
    });
    expect((await verify('agent', signature, { agentId: '999' })).body).toMatchObject({
      ok: false,
      errMsg: 'invalid agentid',
    });
    const foreign = await verify('agent', signature, { url: 'https://evil.example/orders' });
    expect(foreign.body).toEqual({ ok: false, errMsg: 'invalid url domain', errCode: 80001 });
  });

  it('honours trusted origins changed at run time', async () => {
    const pageUrl = 'https://kequn.example.com/orders';
    const signature = sign(await ticket('agent'), pageUrl);
    expect((await verify('agent', signature, { url: pageUrl })).body.errCode).toBe(80001);
    await request(sim.app)
      .post('/__sim/settings')
      .send({ trustedOrigins: ['https://kequn.example.com'] });
    expect((await verify('agent', signature, { url: pageUrl })).body).toEqual({ ok: true });
  });

  it('answers 400 for a malformed request', async () => {
    const res = await request(sim.app).post('/__sim/jsapi/verify').send({ kind: 'agent' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
  });
});
