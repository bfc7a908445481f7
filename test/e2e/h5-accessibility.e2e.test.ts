/**
 * The order page in Chromium over the real server in demo mode, checked with axe-core (WCAG 2 A/AA
 * plus target-size, 44 px tap targets) in the states the other stories do not reach, and at the
 * smallest phone: six staff at 320×568 keep the main action on screen.
 * The other h5-*.e2e stories run the same check on every state they screenshot.
 *
 * Needs /usr/bin/chromium and the H5 build (pnpm --filter @kequn/h5 build).
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/a11y';
import { chenOrder, hook, openOrderPage, POLL, useH5World } from '../support/h5-harness';
import { inViewport } from '../support/screens';

const world = useH5World();

describe('H5 order page: accessible to every staff member', () => {
  it('six staff on a 320×568 phone: the main action stays on screen, fixed at the bottom, before and after creating', async () => {
    const orderId = 'E2E-A11Y-SIX';
    await world.current.putOrder(orderId, {
      ...chenOrder('全屋净水 6 人服务'),
      staffUserIds: ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi', 'zhouba'],
    });
    const phone = await world.current.phone();
    const page = phone.page;
    await page.setViewportSize({ width: 320, height: 568 });
    await openOrderPage(world.current, phone, orderId);
    const create = page.locator(hook('create-group'));
    await expect.poll(() => create.isEnabled(), POLL).toBe(true);

    // The page is longer than the screen, yet the button is in view at the top and at the end.
    expect(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight)).toBe(true);
    expect(await inViewport(page, hook('create-group'))).toBe(true);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await inViewport(page, hook('create-group'))).toBe(true);
    // Nothing of the page hides under the bar: its last row ends above it.
    const lastRow = await page.locator('.people').last().boundingBox();
    const bar = await page.locator('.order-page__bar').boundingBox();
    expect(lastRow && bar && lastRow.y + lastRow.height <= bar.y).toBe(true);
    await expectAccessible(page, 'ready to create, six staff, 320×568');

    await create.click();
    await page.locator(hook('group-created')).waitFor();
    await page.locator(hook('open-group')).waitFor();
    expect(await inViewport(page, hook('open-group'))).toBe(true);
    await page.locator('[data-sim=toast]').waitFor({ state: 'detached' });
    await expectAccessible(page, 'created, six staff, 320×568');
    expect(phone.errors).toEqual([]);
    await phone.close();
  });

  it('the network fails: the short message, 重试 and 详情 (closed and open) pass the check', async () => {
    const orderId = 'E2E-A11Y-NET';
    await world.current.putOrder(orderId, chenOrder('空气净化器保养'));
    const phone = await world.current.phone();
    const page = phone.page;
    await openOrderPage(world.current, phone, orderId); // signed in once, with the network up
    await page.route('**/api/orders/**', (route) => route.abort('internetdisconnected'));
    // The HTML brings the first order view (the kequn-preload element): take it out, so the page asks.
    await page.route(`${world.current.base}/orders/**`, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        /<script type="application\/json" id="kequn-preload">[^<]*<\/script>/,
        '',
      );
      await route.fulfill({ response, body: html });
    });
    await page.reload();
    const error = page.locator(hook('error-message'));
    await error.waitFor();
    expect(await error.getAttribute('data-kind')).toBe('network');
    expect(await error.locator('h2').innerText()).toBe('网络连接失败');
    // The technical line is there for support, behind 详情 only.
    const details = page.locator(hook('failure-details'));
    expect(await details.locator('li').first().isVisible()).toBe(false);
    expect(await error.innerText()).not.toContain('Network Error');
    await expectAccessible(page, 'network error');
    await details.locator('summary').click();
    expect(await details.locator('li').first().innerText()).toContain('network');
    await expectAccessible(page, 'network error, 详情 open');

    await page.unroute('**/api/orders/**');
    await page.unroute(`${world.current.base}/orders/**`);
    await page.locator(hook('retry')).click();
    await expect.poll(() => page.locator(hook('create-group')).isEnabled(), POLL).toBe(true);
    await phone.close();
  });

  it('an order that is not the staff member’s reads as not found, and passes the check', async () => {
    const orderId = 'E2E-A11Y-OTHERS';
    await world.current.putOrder(orderId, { ...chenOrder('别人的订单'), staffUserIds: ['lisi'] });
    const phone = await world.current.phone();
    await openOrderPage(world.current, phone, orderId);
    const error = phone.page.locator(hook('error-message'));
    expect(await error.getAttribute('data-kind')).toBe('order_not_found');
    expect(await phone.page.locator(hook('retry')).count()).toBe(0);
    await expectAccessible(phone.page, 'not this staff member’s order');
    await phone.close();
  });
});
