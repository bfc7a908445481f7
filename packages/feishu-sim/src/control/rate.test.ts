import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEMO_FEISHU } from '../tenant/demo';
import { openApi, orderChatBody, tenantToken, testFeishu } from '../test-helpers';
import { maxInWindow } from './rate';

const { customers: C } = DEMO_FEISHU;

describe('the chat-create call log', () => {
  it('keeps every arrival time and the most in any sliding second, across calendar seconds', async () => {
    const sim = testFeishu();
    const api = openApi(sim, await tenantToken(sim));
    await request(sim.app).post(`/__feishu-sim/people/${C.chenXiaoming.openId}/open-bot`).expect(200);
    const start = sim.clock.now();
    const create = (n: number) => api.post('/im/v1/chats', orderChatBody(C.chenXiaoming.openId), { uuid: `o-${n}` });
    sim.clock.advance(900);
    for (let n = 0; n < 3; n += 1) await create(n);
    sim.clock.advance(200);
    for (let n = 3; n < 6; n += 1) await create(n);
    sim.clock.advance(1000);
    await create(6);

    const { arrivals } = (await request(sim.app).get('/__feishu-sim/rate/chat-create/arrivals').expect(200)).body;
    expect(arrivals.map((t: number) => t - start)).toEqual([900, 900, 900, 1100, 1100, 1100, 2100]);
    const rate = (await request(sim.app).get('/__feishu-sim/rate/chat-create')).body;
    expect(rate.maxPerSecond).toBe(3);
    expect(rate.maxInAnySecond).toBe(6);

    await request(sim.app).post('/__feishu-sim/reset').expect(200);
    expect((await request(sim.app).get('/__feishu-sim/rate/chat-create/arrivals')).body.arrivals).toEqual([]);
  });

  it('counts a span shorter than the window as one window, and one exactly as long as two', () => {
    expect(maxInWindow([], 1000)).toBe(0);
    expect(maxInWindow([0, 999], 1000)).toBe(2);
    expect(maxInWindow([0, 1000], 1000)).toBe(1);
    expect(maxInWindow([0, 10, 20, 1005, 1015], 1000)).toBe(3);
  });
});
