/**
 * The order page in Chromium over the real server in demo mode (simulator + bridge + the real
 * @wecom/jssdk): what staff read when the page cannot work.
 * Stories: plain browser → the QR message; wrong signature → the message with both URLs.
 *
 * Needs /usr/bin/chromium and the H5 build (pnpm --filter @kequn/h5 build).
 */
import { describe, expect, it } from 'vitest';
import { BRIDGE_SCRIPT } from '../../apps/server/src/h5/h5-routes';
import { expectAccessible } from '../support/a11y';
import { chenOrder, hook, openOrderPage, POLL, settled, texts, useH5World } from '../support/h5-harness';
import { svgQrEncodes } from '../support/h5-qr';
import { screenshots } from '../support/screens';

const world = useH5World();

describe('H5 order page: when it cannot work', () => {
  it('staff opens the order link in a plain browser (no WeCom client): the page says to open it in WeCom and shows its QR code', async () => {
    const orderId = 'E2E-PLAIN-1';
    const { h5Url } = await world.current.putOrder(orderId, chenOrder('燃气灶更换'));
    const phone = await world.current.phone();
    const page = phone.page;
    // Demo mode always injects the simulator's bridge: take it out, as outside demo mode.
    let stripped = 0;
    await page.route(`${world.current.base}/orders/**`, async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      if (html.includes(BRIDGE_SCRIPT)) stripped += 1;
      await route.fulfill({ response, body: html.replace(BRIDGE_SCRIPT, '') });
    });
    await page.goto(h5Url);
    await settled(page);
    expect(stripped).toBe(1);
    expect(await page.evaluate(() => 'WeixinJSBridge' in window)).toBe(false);

    const error = page.locator(hook('error-message'));
    expect(await error.getAttribute('data-kind')).toBe('outside_wecom');
    expect(await error.locator('h2').innerText()).toBe('请在企业微信中打开此页面');
    expect(await error.innerText()).toContain('扫一扫');
    // The QR code is this page's own URL, to scan with the WeCom app.
    const qr = page.locator('[data-testid="page-qr"]');
    await qr.waitFor();
    expect(await svgQrEncodes(await qr.innerHTML(), h5Url)).toBe(true);
    expect(await svgQrEncodes(await qr.innerHTML(), `${h5Url}x`)).toBe(false);
    expect(await page.locator('.page-qr__url').innerText()).toBe(h5Url);
    // Nothing to press, and no sign-in attempt outside WeCom.
    expect(await page.locator(hook('create-group')).count()).toBe(0);
    expect(await page.locator(hook('group-status')).count()).toBe(0);
    expect(phone.navigations).toEqual([h5Url]);
    await expectAccessible(page, 'not in WeCom');
    await screenshots(page, 'not-in-wecom');
    expect(phone.errors).toEqual([]);
    await phone.close();
  });

  // Last two: they leave the simulator's clock ahead of the server's cached JS-SDK tickets.
  it('the page signature is refused because the ticket went stale: the server re-fetches its tickets and the page recovers by itself', async () => {
    const orderId = 'E2E-SIGN-0';
    await world.current.putOrder(orderId, chenOrder('热水器维修'));
    const phone = await world.current.phone();
    const page = phone.page;
    await openOrderPage(world.current, phone, orderId);
    await expect.poll(() => page.locator(hook('create-group')).isEnabled(), POLL).toBe(true);

    // WeCom's clock passes the tickets' 7200 s while our server still holds (and signs with) them.
    await world.current.sim.advanceClock(7201);
    const ticketFetchesBefore = (await world.current.sim.calls())['/cgi-bin/ticket/get'] ?? 0;
    await page.reload();
    await expect.poll(() => page.locator(hook('create-group')).isEnabled(), POLL).toBe(true);
    expect((await world.current.sim.calls())['/cgi-bin/ticket/get']).toBeGreaterThan(ticketFetchesBefore);
    expect(await page.locator(hook('error-message')).count()).toBe(0);
    await phone.close();
  });

  it('the page signature stays wrong after the server refreshed: the page shows the invalid-signature message with the signed URL and the page URL', async () => {
    const orderId = 'E2E-SIGN-1';
    await world.current.putOrder(orderId, chenOrder('油烟机清洗'));
    const phone = await world.current.phone();
    const page = phone.page;
    await openOrderPage(world.current, phone, orderId);
    await expect.poll(() => page.locator(hook('create-group')).isEnabled(), POLL).toBe(true);

    // Stale again within the server's 5-minute limit on forced refreshes: this time nothing helps.
    await world.current.sim.advanceClock(7201);
    const verifiesBefore = (await world.current.sim.calls())['/__sim/jsapi/verify'] ?? 0;
    await page.reload();
    await settled(page);

    const error = page.locator(hook('error-message'));
    await error.waitFor(POLL);
    expect(await error.getAttribute('data-kind')).toBe('invalid_signature');
    expect(await error.locator('h2').innerText()).toBe('页面签名无效');
    // Staff read a short Chinese message; the URLs and the client's words are for support, behind 详情.
    expect(
      await error
        .locator(`${hook('failure-details')} li`)
        .first()
        .isVisible(),
    ).toBe(false);
    expect(await error.innerText()).not.toContain('invalid signature');
    await expectAccessible(page, 'invalid signature');
    await screenshots(page, 'invalid-signature');
    await error.locator('summary').click();
    await expectAccessible(page, 'invalid signature, 详情 open');
    const pageUrl = world.current.orderUrl(orderId);
    const details = await texts(page, `${hook('error-message')} li`);
    expect(details[0]).toBe(`签名地址：${pageUrl}`);
    expect(details[1]).toBe(`当前地址：${pageUrl}`);
    expect(details[2]).toContain('签名地址与当前地址一致');
    expect(details[3]).toMatch(/^agentConfig:invalid signature.*（错误码 40093）$/);
    expect((await world.current.sim.calls())['/__sim/jsapi/verify']).toBeGreaterThan(verifiesBefore + 1);
    // No group can be made from here.
    const create = page.locator(hook('create-group'));
    expect((await create.count()) === 0 || (await create.isDisabled())).toBe(true);
    await phone.close();
  });
});
