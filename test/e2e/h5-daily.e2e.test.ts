/**
 * The staff page's daily friction in Chromium over the real server in demo mode:
 * - a group the client cannot open (`invalid chatid`): this staff member was taken out of it and
 *   the callback was lost; the page asks WeCom again and says to ask the owner, by name;
 * - opened from the workbench: the staff member's recent orders, and 「扫一扫」 opening the order a
 *   scanned code holds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/a11y';
import { chenOrder, hook, openOrderPage, POLL, settled, useH5World, type Phone } from '../support/h5-harness';
import { screenshots } from '../support/screens';

const world = useH5World();

afterEach(async () => {
  await world.current.sim.setSession({ userId: 'zhangsan' });
  await world.current.sim.setContext({ entry: 'normal' });
});

async function createGroup(phone: Phone): Promise<void> {
  const button = phone.page.locator(hook('create-group'));
  await expect.poll(() => button.isEnabled(), POLL).toBe(true);
  await button.click();
  await phone.page.locator(hook('group-created')).waitFor();
}

describe('H5 order page: when the group cannot be opened', () => {
  it('a staff member taken out of the group (event lost) is told to ask the owner, not to retry', async () => {
    const orderId = 'E2E-NOT-IN-GROUP-1';
    await world.current.putOrder(orderId, {
      ...chenOrder('橱柜安装'),
      staff: [
        { userId: 'zhangsan', name: '张三' },
        { userId: 'lisi', name: '李四' },
      ],
    });
    const owner = await world.current.phone();
    await openOrderPage(world.current, owner, orderId);
    await createGroup(owner);
    const chatId = (await world.current.getOrder(orderId)).group?.chatId;
    if (!chatId) throw new Error('no group bound');
    await owner.close();

    // Li Si leaves the group in WeCom; the callback never reaches us.
    await world.current.sim.settings({ callback: null });
    await world.current.sim.removeMember(chatId, 'lisi');
    await world.current.sim.setSession({ userId: 'lisi' });
    const phone = await world.current.phone();
    const page = phone.page;
    await openOrderPage(world.current, phone, orderId);
    const open = page.locator(hook('open-group'));
    await expect.poll(() => open.isEnabled(), POLL).toBe(true);
    await open.click();

    const failure = page.locator(hook('error-message'));
    await failure.waitFor();
    expect(await failure.getAttribute('data-kind')).toBe('not_in_group');
    expect(await failure.locator('.error-panel__title').innerText()).toBe('你不在这个客户群里');
    expect(await failure.locator('.error-panel__fix').innerText()).toContain('请群主张三在企业微信里把你加入群聊');
    expect(await page.locator(hook('retry')).count()).toBe(0);
    // The client's English stays behind 「详情」.
    expect(await failure.locator('.error-panel__fix').innerText()).not.toContain('invalid');
    // The members are as WeCom says now: Li Si is no longer among them.
    const staffRows = await page.locator(hook('member-staff')).allInnerTexts();
    expect(staffRows.some((row) => row.includes('李四') && !row.includes('已退群'))).toBe(false);
    await expectAccessible(page, 'not in the group');
    await screenshots(page, 'not-in-group');
    expect(phone.errors).toEqual([]);
    await phone.close();
  });
});

describe('H5 opened from the workbench', () => {
  it('lists the staff member’s recent orders and opens a scanned order QR code with 「扫一扫」', async () => {
    const orderId = 'E2E-SCAN-1';
    await world.current.putOrder(orderId, chenOrder('扫码打开的订单'));
    const phone = await world.current.phone();
    const page = phone.page;
    await page.goto(`${world.current.base}/`);
    const recent = page.locator(hook('entry-recent'));
    await recent.waitFor();
    expect(await recent.innerText()).toContain('扫码打开的订单');
    const scan = page.locator(hook('scan-order'));
    await expect.poll(() => scan.isEnabled(), POLL).toBe(true);
    await expectAccessible(page, 'workbench');
    await screenshots(page, 'workbench');

    // A code that is not ours: said so, nothing opens.
    await world.current.sim.presetScan('https://example.com/not-an-order');
    await scan.click();
    await expect
      .poll(() => page.locator(hook('scan-problem')).innerText(), POLL)
      .toBe('这不是本系统的订单二维码，请扫描订单上的二维码。');

    // The order's own code (what GET /api/v1/orders/:id/qr.png holds) opens its page.
    await world.current.sim.presetScan(world.current.orderUrl(orderId));
    await scan.click();
    await expect.poll(() => new URL(page.url()).pathname, POLL).toBe(`/orders/${orderId}`);
    await settled(page);
    expect(await page.locator('.order-page__title').innerText()).toBe('扫码打开的订单');
    expect(phone.errors).toEqual([]);
    await phone.close();
  });
});
