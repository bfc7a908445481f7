import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../app';
import { DEMO_CORP } from '../corp/config';
import { DEMO_CHAT_IDS as G, DEMO_CUSTOMER_IDS as C } from '../corp/demo-seed';
import { startSimulator, type StartedSimulator } from '../server';
import { cgiGet, cgiPost, testSimulator, tokenFor } from '../test-helpers';
import { simControl, SimControlError } from './client';

const credentials = { corpid: DEMO_CORP.corpId, corpsecret: DEMO_CORP.secret };

describe('faults and call counts', () => {
  let sim: Simulator;
  beforeEach(() => {
    sim = testSimulator();
  });

  it('injects an errcode for a number of calls, and counts every call', async () => {
    await request(sim.app).post('/__sim/faults').send({ path: '/cgi-bin/gettoken', errcode: -1, times: 2 }).expect(201);
    expect((await cgiGet(sim, '/gettoken', credentials)).body.errcode).toBe(-1);
    expect((await cgiGet(sim, '/gettoken', credentials)).body.errcode).toBe(-1);
    expect((await cgiGet(sim, '/gettoken', credentials)).body.errcode).toBe(0);
    const calls = await request(sim.app).get('/__sim/calls');
    expect(calls.body).toEqual({ '/cgi-bin/gettoken': 3 });
    await request(sim.app).post('/__sim/calls/reset').expect(200);
    expect((await request(sim.app).get('/__sim/calls')).body).toEqual({});
  });

  it('counts groupchat/get per chat it read', async () => {
    const token = await tokenFor(sim);
    await cgiPost(sim, '/externalcontact/groupchat/get', token, { chat_id: G.orderGroup });
    await cgiPost(sim, '/externalcontact/groupchat/get', token, { chat_id: G.orderGroup });
    await cgiPost(sim, '/externalcontact/groupchat/get', token, { chat_id: G.vipGroup });
    await cgiPost(sim, '/externalcontact/groupchat/list', token, { limit: 5 });
    const read = '/cgi-bin/externalcontact/groupchat/get';
    expect((await request(sim.app).get('/__sim/calls')).body[read]).toBe(3);
    expect((await request(sim.app).get('/__sim/calls/chats')).body).toEqual({
      [read]: { [G.orderGroup]: 2, [G.vipGroup]: 1 },
    });
    await request(sim.app).post('/__sim/calls/reset').expect(200);
    expect((await request(sim.app).get('/__sim/calls/chats')).body).toEqual({});
  });

  it('injects an HTTP 5xx until cleared', async () => {
    await request(sim.app).post('/__sim/faults').send({ path: '/cgi-bin/externalcontact/*', httpStatus: 503 });
    const token = await tokenFor(sim);
    expect((await cgiPost(sim, '/externalcontact/groupchat/list', token, { limit: 5 })).status).toBe(503);
    expect((await cgiGet(sim, '/externalcontact/list', { access_token: token, userid: 'zhangsan' })).status).toBe(503);
    await request(sim.app).delete('/__sim/faults').expect(200);
    expect((await cgiPost(sim, '/externalcontact/groupchat/list', token, { limit: 5 })).body.errcode).toBe(0);
  });

  it('injects latency and then answers normally', async () => {
    await request(sim.app).post('/__sim/faults').send({ path: '/cgi-bin/gettoken', latencyMs: 150, times: 1 });
    const started = Date.now();
    const res = await cgiGet(sim, '/gettoken', credentials);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.body.errcode).toBe(0);
  });

  it('faults client calls in their own shape', async () => {
    await request(sim.app).post('/__sim/faults').send({ path: '/__sim/client/open-existed-chat', errcode: 500 });
    const res = await request(sim.app).post('/__sim/client/open-existed-chat').send({ chatId: G.vipGroup });
    expect(res.body).toMatchObject({ ok: false, errCode: 500 });
  });

  it('rejects a fault without any effect', async () => {
    const res = await request(sim.app).post('/__sim/faults').send({ path: '/cgi-bin/gettoken' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
  });
});

describe('reset, seed, settings and bad input', () => {
  let sim: Simulator;
  beforeEach(() => {
    sim = testSimulator();
  });

  it('reset returns to the seed and clears tokens, faults, counters and the clock offset', async () => {
    const token = await tokenFor(sim);
    await request(sim.app).post(`/__sim/groups/${G.vipGroup}/dismiss`);
    await request(sim.app).post('/__sim/faults').send({ path: '/cgi-bin/gettoken', errcode: -1 });
    await request(sim.app).post('/__sim/clock/advance').send({ seconds: 60 });
    expect((await request(sim.app).get('/__sim/clock')).body.offsetMs).toBe(60_000);
    await request(sim.app).post('/__sim/reset').expect(200);
    expect((await request(sim.app).get('/__sim/clock')).body.offsetMs).toBe(0);
    expect((await request(sim.app).get('/__sim/calls')).body).toEqual({});
    expect((await cgiGet(sim, '/get_jsapi_ticket', { access_token: token })).body.errcode).toBe(40014);
    const fresh = await tokenFor(sim);
    expect((await cgiPost(sim, '/externalcontact/groupchat/get', fresh, { chat_id: G.vipGroup })).body.errcode).toBe(0);
  });

  it('replaces the corp with a valid seed, and rejects an invalid one with 400', async () => {
    const bad = await request(sim.app)
      .post('/__sim/seed')
      .send({
        staff: [{ userId: 'a', name: 'A' }],
        customers: [{ externalUserId: 'wm1', name: 'X', follows: [{ userId: 'ghost' }] }],
      });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('ghost');
    expect((await request(sim.app).post('/__sim/seed').send({ staff: 'nope' })).status).toBe(400);
    await request(sim.app)
      .post('/__sim/seed')
      .send({
        staff: [{ userId: 'a', name: '甲' }],
        customers: [{ externalUserId: 'wm1', name: '乙', follows: [{ userId: 'a' }] }],
      })
      .expect(200);
    const token = await tokenFor(sim);
    expect(
      (await cgiGet(sim, '/externalcontact/list', { access_token: token, userid: 'a' })).body.external_userid,
    ).toEqual(['wm1']);
    expect((await request(sim.app).get('/__sim/session')).body).toEqual({ userId: 'a' });
  });

  it('never answers 500 to malformed JSON', async () => {
    const sim400 = await request(sim.app).post('/__sim/settings').set('content-type', 'application/json').send('{oops');
    expect(sim400.status).toBe(400);
    expect(sim400.body.error.code).toBe('invalid_json');
    const token = await tokenFor(sim);
    const cgi = await request(sim.app)
      .post('/cgi-bin/externalcontact/groupchat/list')
      .query({ access_token: token })
      .send('{oops');
    expect(cgi.status).toBe(200);
    expect(cgi.body.errcode).toBe(47001);
  });

  it('validates callback settings', async () => {
    const bad = await request(sim.app)
      .post('/__sim/settings')
      .send({ callback: { url: 'ftp://x', token: 't', encodingAesKey: 'short' } });
    expect(bad.status).toBe(400);
  });

  it('lets the default (real-time) clock be advanced too', async () => {
    const realTime = createSimulator();
    const token = await tokenFor(realTime);
    await request(realTime.app).post('/__sim/clock/advance').send({ seconds: 7200 }).expect(200);
    expect((await cgiGet(realTime, '/get_jsapi_ticket', { access_token: token })).body.errcode).toBe(42001);
  });

  it('hides the control API when disabled but keeps the platform and client endpoints', async () => {
    const quiet = createSimulator({ controlApi: false });
    const outer = express().use(quiet.app);
    expect((await request(outer).post('/__sim/reset')).status).toBe(404);
    expect((await request(outer).get('/__sim/directory')).status).toBe(200);
    expect((await cgiGet(quiet, '/gettoken', credentials)).body.errcode).toBe(0);
  });
});

describe('mounted inside another app', () => {
  it('builds URLs from the request, prefix included, and lets other routes through', async () => {
    const sim = createSimulator();
    const outer = express();
    outer.use('/wecom', sim.app);
    outer.get('/health', (_req, res) => {
      res.send('up');
    });
    const token = (await request(outer).get('/wecom/cgi-bin/gettoken').query(credentials)).body.access_token as string;
    const add = await request(outer)
      .post('/wecom/cgi-bin/externalcontact/groupchat/add_join_way')
      .query({ access_token: token })
      .send({ scene: 2, chat_id_list: [G.orderGroup] });
    const way = await request(outer)
      .post('/wecom/cgi-bin/externalcontact/groupchat/get_join_way')
      .query({ access_token: token })
      .set('host', 'kequn.test:8080')
      .send({ config_id: add.body.config_id });
    expect(way.body.join_way.qr_code).toBe(`http://kequn.test:8080/wecom/__sim/qr/${add.body.config_id}`);
    expect((await request(outer).get('/health')).text).toBe('up');
  });

  it('answers CORS preflights from trusted origins only', async () => {
    const sim = createSimulator();
    const ok = await request(sim.app).options('/__sim/jsapi/verify').set('origin', 'http://localhost:5173');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const foreign = await request(sim.app).get('/__sim/context').set('origin', 'https://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('simControl over real HTTP', () => {
  let started: StartedSimulator;
  beforeAll(async () => {
    started = await startSimulator({ port: 0 });
  });
  afterAll(() => started.close());

  it('drives the simulator through typed methods', async () => {
    const control = simControl(started.url);
    await control.reset();
    await control.setSession({ userId: 'lisi' });
    expect(await control.session()).toEqual({ userId: 'lisi' });
    await control.setContext({ entry: 'group_chat_tools', chatId: G.orderGroup });
    expect((await control.context()).entry).toBe('group_chat_tools');
    await control.presetPicker({ externalContact: [C.linMeihua] });
    expect(await control.takePicker('externalContact')).toEqual({ preset: [C.linMeihua] });
    expect(await control.takePicker('externalContact')).toEqual({ preset: null });
    await control.injectFault({ path: '/cgi-bin/gettoken', errcode: 45009, times: 1 });
    const limited = await fetch(
      `${started.url}/cgi-bin/gettoken?corpid=${DEMO_CORP.corpId}&corpsecret=${DEMO_CORP.secret}`,
    );
    expect(((await limited.json()) as { errcode: number }).errcode).toBe(45009);
    expect(await control.calls()).toEqual({ '/cgi-bin/gettoken': 1, '/__sim/pickers/take': 2 });
    const before = (await control.clock()).now;
    expect((await control.advanceClock(10)).now).toBeGreaterThanOrEqual(before + 10_000);
    await expect(control.setSession({ userId: 'ghost' })).rejects.toBeInstanceOf(SimControlError);
    const res = await fetch(`${started.url}/__sim/unknown`);
    expect(res.status).toBe(404);
  });

  it('drives shell groups, join ways, departures and transfer faults', async () => {
    const control = simControl(started.url);
    await control.reset();
    const shell = await control.createGroup({ owner: 'zhangsan', name: '服务群 07' });
    expect(shell.chatId).toMatch(/^wr/);
    expect((await control.joinWays()).joinWays).toEqual([]);
    expect((await control.joinWays('1000003')).joinWays).toHaveLength(1);
    const left = await control.resignStaff('lisi');
    expect(left.ownedChatIds).toEqual([G.vipGroup]);
    const faults = await control.injectTransferFault({ chatIds: [G.vipGroup], errcode: 90507 });
    expect(faults.faults).toEqual([{ chatId: G.vipGroup, errcode: 90507, remaining: 1 }]);
    expect((await control.transferFaults()).faults).toHaveLength(1);
    await control.clearTransferFaults();
    expect((await control.transferFaults()).faults).toEqual([]);
    await expect(control.createGroup({ owner: 'lisi' })).rejects.toBeInstanceOf(SimControlError);
    await control.reset();
  });
});
