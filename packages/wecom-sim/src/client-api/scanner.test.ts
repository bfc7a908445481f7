import express from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../app';
import { createSimulator } from '../app';
import { testSimulator } from '../test-helpers';

let sim: Simulator;
beforeEach(() => {
  sim = testSimulator();
});

const take = () => request(sim.app).post('/__sim/client/scan-qrcode').send({});

describe('simulated scanner', () => {
  it('answers the preset once, then nothing (the overlay asks)', async () => {
    expect((await take()).body).toEqual({ ok: true, preset: null, suggestions: [] });
    await request(sim.app).post('/__sim/scanner/preset').send({ resultStr: 'https://kequn.test/h5/o/1' }).expect(200);
    expect((await take()).body.preset).toBe('https://kequn.test/h5/o/1');
    expect((await take()).body.preset).toBeNull();
  });

  it('keeps suggestions for every overlay until replaced; labels default to the text', async () => {
    await request(sim.app)
      .post('/__sim/scanner/suggestions')
      .send({ suggestions: [{ label: '订单 A1001', resultStr: 'https://kequn.test/h5/o/1' }, { resultStr: '6901' }] })
      .expect(200);
    const expected = [
      { label: '订单 A1001', resultStr: 'https://kequn.test/h5/o/1' },
      { label: '6901', resultStr: '6901' },
    ];
    expect((await take()).body.suggestions).toEqual(expected);
    expect((await take()).body.suggestions).toEqual(expected);
    await request(sim.app).post('/__sim/scanner/suggestions').send({ suggestions: [] }).expect(200);
    expect((await take()).body.suggestions).toEqual([]);
  });

  it('rejects bad input with 400 and forgets everything on reset', async () => {
    const empty = await request(sim.app).post('/__sim/scanner/preset').send({ resultStr: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: expect.any(String) });
    const long = await request(sim.app)
      .post('/__sim/scanner/preset')
      .send({ resultStr: 'x'.repeat(5000) });
    expect(long.status).toBe(400);
    expect((await request(sim.app).post('/__sim/scanner/suggestions').send({ suggestions: 'x' })).status).toBe(400);
    await request(sim.app).post('/__sim/scanner/preset').send({ resultStr: 'A' }).expect(200);
    await request(sim.app).post('/__sim/reset').expect(200);
    expect((await take()).body.preset).toBeNull();
  });

  it('serves the presets with the control API only; the client endpoint always', async () => {
    const quiet = express().use(createSimulator({ controlApi: false }).app);
    expect((await request(quiet).post('/__sim/scanner/preset').send({ resultStr: 'A' })).status).toBe(404);
    expect((await request(quiet).post('/__sim/client/scan-qrcode').send({})).body.ok).toBe(true);
  });

  it('counts scans as client calls', async () => {
    await take();
    expect((await request(sim.app).get('/__sim/calls')).body['/__sim/client/scan-qrcode']).toBe(1);
  });
});
