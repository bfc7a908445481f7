import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../app';
import { DEMO_CORP } from '../corp/config';
import { DEMO_CHAT_IDS as G, demoSeed } from '../corp/demo-seed';
import { cgiGet, cgiPost, testSimulator, tokenFor } from '../test-helpers';

let sim: Simulator;
let token: string;
beforeEach(async () => {
  const base = demoSeed();
  sim = testSimulator({
    seed: { ...base, staff: [...base.staff, { userId: 'qianjiu', name: '钱九', customerContact: false }] },
  });
  token = await tokenFor(sim);
});

const post = (path: string, body: unknown) => cgiPost(sim, `/externalcontact/groupchat${path}`, token, body);

describe('POST /__sim/groups (shell groups made in the client)', () => {
  it('creates a customer group with only the owner and optional staff', async () => {
    const res = await request(sim.app)
      .post('/__sim/groups')
      .send({ owner: 'zhangsan', name: '服务群 07', userIds: ['wangwu', 'zhangsan'] })
      .expect(201);
    expect(res.body.chatId).toMatch(/^wr/);
    const group = (await post('/get', { chat_id: res.body.chatId })).body.group_chat;
    expect(group).toMatchObject({ name: '服务群 07', owner: 'zhangsan' });
    expect(group.member_list).toMatchObject([
      { userid: 'zhangsan', type: 1, join_scene: 1 },
      { userid: 'wangwu', type: 1, join_scene: 1, invitor: { userid: 'zhangsan' } },
    ]);
    const list = (await post('/list', { limit: 10, owner_filter: { userid_list: ['zhangsan'] } })).body;
    expect(list.group_chat_list).toContainEqual({ chat_id: res.body.chatId, status: 0 });
  });

  it('refuses unknown owners, owners without customer contact, resigned or unknown staff', async () => {
    const make = (body: object) => request(sim.app).post('/__sim/groups').send(body);
    expect((await make({ owner: 'ghost' })).body.error.code).toBe('unknown_user');
    const noContact = await make({ owner: 'qianjiu' });
    expect(noContact.status).toBe(403);
    expect(noContact.body.error.code).toBe('no_customer_contact');
    expect((await make({ owner: 'zhangsan', userIds: ['ghost'] })).status).toBe(400);
    await request(sim.app).post('/__sim/staff/lisi/resign').expect(200);
    expect((await make({ owner: 'lisi' })).status).toBe(403);
    expect((await make({})).status).toBe(400);
  });
});

describe('POST /__sim/staff/:userId/resign', () => {
  it('marks the member resigned and their groups 离职待继承 (status 1) in groupchat/list', async () => {
    const res = await request(sim.app).post('/__sim/staff/lisi/resign').expect(200);
    expect(res.body).toMatchObject({ ok: true, userId: 'lisi', ownedChatIds: [G.vipGroup] });
    const pending = await post('/list', { limit: 10, status_filter: 1 });
    expect(pending.body.group_chat_list).toEqual([{ chat_id: G.vipGroup, status: 1 }]);
    const all = await post('/list', { limit: 10 });
    expect(all.body.group_chat_list).toContainEqual({ chat_id: G.vipGroup, status: 1 });
    expect(all.body.group_chat_list).toContainEqual({ chat_id: G.orderGroup, status: 0 });
    expect((await post('/list', { limit: 10, status_filter: 0 })).body.group_chat_list).toHaveLength(3);
    // The developer forum reports 40003 for owner_filter naming a resigned member.
    expect((await post('/list', { limit: 10, owner_filter: { userid_list: ['lisi'] } })).body.errcode).toBe(40003);
    expect((await request(sim.app).post('/__sim/staff/lisi/resign')).status).toBe(409);
    expect((await request(sim.app).post('/__sim/staff/ghost/resign')).status).toBe(404);
  });

  it('stops a resigned member from signing in or acting in the client', async () => {
    const query = {
      appid: DEMO_CORP.corpId,
      redirect_uri: 'http://localhost:5173/auth/callback',
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'abc',
      agentid: DEMO_CORP.agentId,
    };
    const early = await request(sim.app).get('/connect/oauth2/authorize').query(query);
    const code = new URL(early.headers.location as string).searchParams.get('code') ?? '';
    await request(sim.app).post('/__sim/staff/zhangsan/resign').expect(200);
    const page = await request(sim.app).get('/connect/oauth2/authorize').query(query);
    expect(page.status).toBe(400);
    expect(page.text).toContain('离职');
    expect((await cgiGet(sim, '/auth/getuserinfo', { access_token: token, code })).body.errcode).toBe(40029);
    const chat = await request(sim.app)
      .post('/__sim/client/open-enterprise-chat')
      .send({ callerUserId: 'zhangsan', userIds: ['lisi', 'wangwu'], appIdentity: true });
    expect(chat.body).toEqual({ ok: false, errMsg: 'openEnterpriseChat:invalid callerUserId' });
  });
});
