/**
 * The join-QR route in Chromium over the real server in demo mode: an order whose customer is no
 * contact of the staff member → staff shows 「让客户扫码入群」 → the simulator's customer scans the
 * code → the page and GET /api/v1/orders/:id show them joined, and the webhook came once.
 *
 * Needs /usr/bin/chromium and the H5 build (pnpm --filter @kequn/h5 build).
 */
import { DEMO_POOL_CUSTOMER_ID } from '@kequn/wecom-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_SECRET, WebhookReceiver } from '../../apps/server/src/testing/harness';
import { expectAccessible } from '../support/a11y';
import { hook, openOrderPage, POLL, startH5World, texts, type H5World } from '../support/h5-harness';
import { screenshots } from '../support/screens';

let world: H5World;
const hooks = new WebhookReceiver();

beforeAll(async () => {
  await hooks.start();
  world = await startH5World({ WEBHOOK_URL: hooks.url, WEBHOOK_SECRET });
});
afterAll(async () => {
  await world?.close();
  await hooks.close();
});

describe('H5 order page: a customer who is no contact joins by scanning', () => {
  it('staff shows the join QR, the customer scans it, and page, API and webhook agree they joined', async () => {
    const orderId = 'E2E-JOINQR-1';
    await world.putOrder(orderId, {
      title: '新客户首单 · 到店付款',
      customer: { mobile: '13000000000', name: '周小舟' },
      staffUserIds: ['zhangsan'],
    });
    const phone = await world.phone();
    const page = phone.page;
    await openOrderPage(world, phone, orderId);

    // Nobody to pick among zhangsan's contacts: the page offers the QR instead.
    const offer = page.locator(hook('join-by-qr'));
    await expect.poll(() => offer.isEnabled(), POLL).toBe(true);
    expect(await offer.innerText()).toBe('让客户扫码入群');
    await offer.click();
    const image = page.locator(hook('join-qr-image'));
    await image.waitFor();
    // Our copy of WeCom's picture, served without a key, large enough to scan from the screen.
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), POLL)
      .toBeGreaterThan(0);
    const box = await image.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(240);
    expect(await page.locator(hook('join-qr-save')).getAttribute('download')).toBe(`入群二维码-${orderId}.png`);

    // The order took a pool group (route join_qr); its join way is the one the customer scans.
    const taken = await world.getOrder(orderId);
    const chatId = taken.group?.chatId;
    expect(taken.group).toMatchObject({ route: 'join_qr', platform: 'wecom' });
    const { joinWays } = await world.sim.joinWays();
    const way = joinWays.find((w) => (w.chat_id_list as string[] | undefined)?.includes(chatId ?? ''));
    expect(way).toBeDefined();
    await expectAccessible(page, 'join QR shown');
    await screenshots(page, 'join-qr');

    await world.sim.scanJoinWay(String(way?.config_id), DEMO_POOL_CUSTOMER_ID);

    // The page, re-reading while the QR is shown, lists the customer as joined.
    await expect.poll(() => texts(page, hook('member-customer')), POLL).toEqual(['周小舟 已入群']);
    const joined = await world.getOrder(orderId);
    expect(joined.group?.members).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: DEMO_POOL_CUSTOMER_ID, type: 'customer', leftAt: null })]),
    );
    await expect.poll(() => hooks.ofType('group.member_joined', orderId).length, POLL).toBe(1);
    const [event] = hooks.ofType('group.member_joined', orderId);
    expect(event?.verified).toBe(true);
    expect(event?.data).toMatchObject({ via: 'join_qr', route: 'join_qr', member: { id: DEMO_POOL_CUSTOMER_ID } });
    // Nothing more arrives for the same join.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(hooks.ofType('group.member_joined', orderId)).toHaveLength(1);
    expect(phone.errors).toEqual([]);
    await phone.close();
  });
});
