import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../app';
import { DEMO_CUSTOMER_IDS as C } from '../corp/demo-seed';
import { cgiGet, cgiPost, testSimulator, tokenFor } from '../test-helpers';

let sim: Simulator;
let token: string;
beforeEach(async () => {
  sim = testSimulator();
  token = await tokenFor(sim);
});

interface Row {
  external_contact: { external_userid: string };
  follow_info: Record<string, unknown>;
}

const batch = (body: Record<string, unknown>) => cgiPost(sim, '/externalcontact/batch/get_by_user', token, body);

describe('batch/get_by_user', () => {
  it('pages through a staff member’s 11 customers with limit 5 in three pages', async () => {
    const pages: Row[][] = [];
    let cursor = '';
    do {
      const res = await batch({ userid_list: ['zhangsan'], cursor, limit: 5 });
      expect(res.body.errcode).toBe(0);
      pages.push(res.body.external_contact_list);
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 1]);
    const ids = pages.flat().map((row) => row.external_contact.external_userid);
    expect(new Set(ids).size).toBe(11);
    const chen = pages.flat().find((row) => row.external_contact.external_userid === C.chenXiaoming);
    expect(chen?.follow_info).toMatchObject({
      userid: 'zhangsan',
      remark: '陈先生',
      remark_mobiles: ['13800138001'],
      tag_id: [],
    });
  });

  it('validates limit, list size and cursor', async () => {
    expect((await batch({ userid_list: ['zhangsan'], limit: 101 })).body.errcode).toBe(40058);
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect((await batch({ userid_list: many })).body.errcode).toBe(40058);
    expect((await batch({})).body.errcode).toBe(41009);
    expect((await batch({ userid_list: ['ghost'] })).body.errcode).toBe(40003);
    expect((await batch({ userid_list: ['zhangsan'], cursor: 'garbage' })).body.errcode).toBe(40058);
  });

  it('answers 48002 when the app may not use customer contact', async () => {
    await request(sim.app).post('/__sim/settings').send({ customerContactEnabled: false });
    expect((await batch({ userid_list: ['zhangsan'] })).body.errcode).toBe(48002);
  });
});

describe('externalcontact/list and get', () => {
  it('lists a staff member’s customers; one without customers gets 84061', async () => {
    const list = await cgiGet(sim, '/externalcontact/list', { access_token: token, userid: 'lisi' });
    // Oldest relationship first.
    expect(list.body.external_userid).toEqual([C.xieTian, C.chenXiaoming]);
    expect((await cgiGet(sim, '/externalcontact/list', { access_token: token, userid: 'sunqi' })).body.errcode).toBe(
      84061,
    );
  });

  it('returns a customer with all follow users', async () => {
    const res = await cgiGet(sim, '/externalcontact/get', { access_token: token, external_userid: C.wuTingting });
    expect(res.body.external_contact).toMatchObject({ external_userid: C.wuTingting, name: '吴婷婷', type: 1 });
    expect(res.body.external_contact.avatar).toMatch(/\/__sim\/avatars\//);
    expect(res.body.follow_user.map((f: { userid: string }) => f.userid)).toEqual(['zhangsan', 'wangwu']);
    expect(res.body.follow_user[1]).toMatchObject({ remark_mobiles: ['13600136006'], tags: [] });
    expect(res.body.next_cursor).toBe('');
  });

  it('answers 84061 for a customer nobody follows and 40096 for an unknown id', async () => {
    expect(
      (await cgiGet(sim, '/externalcontact/get', { access_token: token, external_userid: C.songYu })).body.errcode,
    ).toBe(84061);
    expect(
      (await cgiGet(sim, '/externalcontact/get', { access_token: token, external_userid: 'wmnobody' })).body.errcode,
    ).toBe(40096);
  });
});
