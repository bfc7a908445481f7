import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_CHAT_IDS as G, DEMO_CUSTOMER_IDS as C } from '../corp/demo-seed';
import { cgiPost, testSimulator, tokenFor } from '../test-helpers';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wecom-sim-'));
  file = join(dir, 'nested', 'corp.json');
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const start = () => testSimulator({ persistFile: file, persistDebounceMs: 20 });

describe('persistFile', () => {
  it('saves groups, members, join ways and departures, and a new simulator loads them', async () => {
    const first = start();
    const token = await tokenFor(first);
    const shell = await request(first.app).post('/__sim/groups').send({ owner: 'zhangsan', name: '服务群 07' });
    const add = await cgiPost(first, '/externalcontact/groupchat/add_join_way', token, {
      scene: 2,
      chat_id_list: [shell.body.chatId],
      state: 'A2001',
    });
    await request(first.app).post(`/__sim/join-ways/${add.body.config_id}/scan`).send({ externalUserId: C.heLi });
    await request(first.app).post(`/__sim/groups/${G.afterSalesGroup}/dismiss`);
    await request(first.app).post('/__sim/staff/lisi/resign');
    await cgiPost(first, '/externalcontact/groupchat/transfer', token, {
      chat_id_list: [G.vipGroup],
      new_owner: 'wangwu',
    });
    first.state.flushPersisted();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toMatchObject({ format: 1, resigned: { lisi: expect.any(Number) } });
    expect(JSON.stringify(saved)).not.toContain('access_token');

    const second = start();
    const token2 = await tokenFor(second);
    const get = (chatId: string) => cgiPost(second, '/externalcontact/groupchat/get', token2, { chat_id: chatId });
    const group = (await get(shell.body.chatId)).body.group_chat;
    expect(group.member_list.at(-1)).toMatchObject({ userid: C.heLi, join_scene: 3, state: 'A2001' });
    expect((await get(G.afterSalesGroup)).body.errcode).toBe(40050);
    expect((await get(G.vipGroup)).body.group_chat.owner).toBe('wangwu');
    const way = await cgiPost(second, '/externalcontact/groupchat/get_join_way', token2, {
      config_id: add.body.config_id,
    });
    expect(way.body.join_way).toMatchObject({ state: 'A2001', chat_id_list: [shell.body.chatId] });
    expect(second.state.directory.isResigned('lisi')).toBe(true);
    // Tokens are not kept.
    expect((await cgiPost(second, '/externalcontact/groupchat/list', token, { limit: 10 })).body.errcode).not.toBe(0);
  });

  it('debounces: many changes, one write after the window; temp files never stay behind', async () => {
    // A window far longer than five local requests take, even on a loaded machine.
    const sim = testSimulator({ persistFile: file, persistDebounceMs: 1_000 });
    for (let i = 0; i < 5; i += 1) {
      await request(sim.app)
        .post('/__sim/groups')
        .send({ owner: 'zhangsan', name: `g${i}` });
    }
    expect(existsSync(file)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { groups: unknown[] };
    expect(saved.groups).toHaveLength(8);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['corp.json']);
  });

  it('reset deletes the file and returns to the seed', async () => {
    const sim = start();
    await request(sim.app).post(`/__sim/groups/${G.orderGroup}/dismiss`);
    sim.state.flushPersisted();
    expect(existsSync(file)).toBe(true);
    await request(sim.app).post('/__sim/reset').expect(200);
    expect(existsSync(file)).toBe(false);
    const again = start();
    expect(again.state.groups.get(G.orderGroup)?.dismissed).toBe(false);
  });

  it('ignores a corrupt file or one naming people the seed does not know, and starts from the seed', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    rmSync(dir, { recursive: true, force: true });
    const sim0 = start();
    sim0.state.changed();
    sim0.state.flushPersisted();
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { groups: Array<{ owner: string }> };
    saved.groups[0]!.owner = 'ghost';
    writeFileSync(file, JSON.stringify(saved));
    expect(start().state.groups.list()[0]?.owner).not.toBe('ghost');
    writeFileSync(file, '{oops');
    expect(start().state.groups.list()).toHaveLength(3);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('is off by default', async () => {
    const sim = testSimulator();
    await request(sim.app).post('/__sim/groups').send({ owner: 'zhangsan' });
    expect(sim.state.persistence).toBeUndefined();
  });
});
