import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { cgiGet, cgiPost, testSimulator, tokenFor } from '../test-helpers';
import { DEMO_POOL_CHAT_IDS, DEMO_POOL_CUSTOMER_ID, demoPoolSeed } from './demo-pool';
import { demoSeed } from './demo-seed';
import { corpSeedSchema } from './schema';

describe('demoPoolSeed', () => {
  it('is a valid seed: the demo corp plus 6 empty groups and a customer nobody follows', () => {
    const seed = corpSeedSchema.parse(demoPoolSeed());
    const base = corpSeedSchema.parse(demoSeed());
    expect(seed.groups).toHaveLength(base.groups.length + 6);
    expect(seed.customers).toHaveLength(base.customers.length + 1);
    const pool = seed.groups.filter((g) => (DEMO_POOL_CHAT_IDS as readonly string[]).includes(g.chatId));
    expect(pool.map((g) => g.owner)).toEqual(['zhangsan', 'zhangsan', 'zhangsan', 'zhangsan', 'lisi', 'lisi']);
    expect(pool.map((g) => g.name)).toEqual([
      '服务群 01',
      '服务群 02',
      '服务群 03',
      '服务群 04',
      '服务群 05',
      '服务群 06',
    ]);
    for (const g of pool) expect(g.members.map((m) => m.id)).toEqual([g.owner]);
    for (const id of DEMO_POOL_CHAT_IDS) expect(id).toMatch(/^wr[A-Za-z0-9]{30}$/);
  });

  it('is what a simulator serves when opted in, while demoSeed stays the default', async () => {
    const pooled = testSimulator({ seed: demoPoolSeed() });
    const token = await tokenFor(pooled);
    const list = await cgiPost(pooled, '/externalcontact/groupchat/list', token, { limit: 100 });
    expect(list.body.group_chat_list).toHaveLength(9);
    const stranger = await cgiGet(pooled, '/externalcontact/get', {
      access_token: token,
      external_userid: DEMO_POOL_CUSTOMER_ID,
    });
    expect(stranger.body.errcode).toBe(84061);
    // After reset the pool is still there: the seed given at creation is the baseline.
    await request(pooled.app).post('/__sim/reset').expect(200);
    expect(pooled.state.groups.list()).toHaveLength(9);

    const plain = testSimulator();
    expect(plain.state.groups.list()).toHaveLength(3);
  });
});
