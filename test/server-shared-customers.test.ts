// Two instances of one deployment (one PostgreSQL, one Redis): a staff member's customer list is
// fetched once for both, and WeCom's change_external_contact received by either drops it for both.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffOrderView } from '@kequn/contracts';
import {
  buildCallbackPush,
  DEMO_CALLBACK_ENCODING_AES_KEY,
  DEMO_CALLBACK_TOKEN,
  DEMO_CORP,
  DEMO_CUSTOMER_IDS as C,
  demoSeed,
} from '@kequn/wecom-sim';
import { startHarness, type Harness, type StaffClient } from '../apps/server/src/testing/harness';

const REDIS_URL = process.env.TEST_REDIS_URL_CONTACTS ?? 'redis://127.0.0.1:6379/6';
const MOBILE = '13922223333';

let h: Harness;
let peerBase: string;
let zhangsan: StaffClient;

beforeAll(async () => {
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  await redis.quit();
  h = await startHarness({ engine: 'postgres', env: { REDIS_URL } });
  peerBase = (await h.startPeer()).base;
  zhangsan = await h.signIn('zhangsan');
});
afterAll(() => h?.close());

/** The order's customer as the page sees it, asked of one instance with the same session. */
async function customerOn(base: string, orderId: string) {
  const res = await fetch(`${base}/api/orders/${orderId}`, { headers: { cookie: zhangsan.cookie } });
  return StaffOrderView.parse(await res.json()).customer;
}

function contactChangedPush(base: string) {
  const message =
    `<xml><ToUserName><![CDATA[${DEMO_CORP.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
    `<CreateTime>1700001999</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>` +
    `<ChangeType><![CDATA[edit_external_contact]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID>` +
    `<ExternalUserID><![CDATA[${C.luoMin}]]></ExternalUserID></xml>`;
  return buildCallbackPush({
    url: `${base}/callbacks/wecom`,
    token: DEMO_CALLBACK_TOKEN,
    encodingAesKey: DEMO_CALLBACK_ENCODING_AES_KEY,
    corpId: DEMO_CORP.corpId,
    agentId: DEMO_CORP.agentId,
    message,
  });
}

describe('customer lists shared by instances', () => {
  it('pages WeCom once for both instances, and a change received by one is seen by the other at once', async () => {
    const id = 'SHARED-1';
    await h.business('PUT', `/api/v1/orders/${id}`, {
      title: 't',
      customer: { mobile: MOBILE },
      staffUserIds: ['zhangsan'],
    });
    await h.control.resetCalls();
    const pagesRead = async () => (await h.control.calls())['/cgi-bin/externalcontact/batch/get_by_user'];
    expect(await customerOn(h.base, id)).toEqual({ match: 'none', customers: [] });
    const pages = await pagesRead();
    expect(pages).toBeGreaterThan(0);
    expect(await customerOn(peerBase, id)).toEqual({ match: 'none', customers: [] });
    expect(await pagesRead()).toBe(pages);

    // The staff member types the number as a remark of a customer (in WeCom); both still use the list.
    const seed = demoSeed();
    const follow = seed.customers?.find((c) => c.externalUserId === C.luoMin)?.follows?.[0];
    if (!follow) throw new Error('seed changed');
    follow.remarkMobiles = [MOBILE];
    await h.control.seed(seed);
    expect(await customerOn(h.base, id)).toEqual({ match: 'none', customers: [] });
    expect(await pagesRead()).toBe(pages);

    // WeCom tells the peer; the first instance finds the customer on the next view.
    const push = contactChangedPush(peerBase);
    const answer = await fetch(push.url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: push.body });
    expect(answer.status).toBe(200);
    expect(await customerOn(h.base, id)).toMatchObject({ match: 'mobile', customers: [{ externalUserId: C.luoMin }] });
    expect(await customerOn(peerBase, id)).toMatchObject({
      match: 'mobile',
      customers: [{ externalUserId: C.luoMin }],
    });
  });
});
