import request from 'supertest';
import { createSimClock } from './clock';
import { createSimulator, type Simulator, type SimulatorOptions } from './app';
import { DEMO_CORP } from './corp/config';

/** Shared by the tests beside the code: a simulator on a frozen clock, and a token for it. */
export function testSimulator(options: SimulatorOptions = {}): Simulator {
  return createSimulator({ clock: createSimClock(Date.UTC(2026, 0, 1)), ...options });
}

export async function tokenFor(sim: Simulator, secret: string = DEMO_CORP.secret): Promise<string> {
  const res = await request(sim.app).get('/cgi-bin/gettoken').query({ corpid: DEMO_CORP.corpId, corpsecret: secret });
  if (res.body.errcode !== 0) throw new Error(`gettoken failed: ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

/** POST a WeCom API with the token in the query, like real clients do. */
export function cgiPost(sim: Simulator, path: string, token: string, body: unknown) {
  return request(sim.app)
    .post(`/cgi-bin${path}`)
    .query({ access_token: token })
    .send(body as object);
}

export function cgiGet(sim: Simulator, path: string, query: Record<string, string>) {
  return request(sim.app).get(`/cgi-bin${path}`).query(query);
}
