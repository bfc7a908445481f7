/**
 * The app's page opened from WeCom's customer-group toolbar (a fixed URL, no order id) in Chromium
 * over the real server in demo mode: the page asks WeCom which group it is in and opens that
 * group's order; a group no order owns gets a plain answer.
 */
import { DEMO_CUSTOMER_IDS } from '@kequn/wecom-sim';
import { describe, expect, it } from 'vitest';
import { chenOrder, hook, openOrderPage, POLL, settled, useH5World } from '../support/h5-harness';

const world = useH5World();

describe('H5 opened from a customer group’s toolbar', () => {
  it('opens the order the group belongs to, and says so for a group no order owns', async () => {
    const orderId = 'E2E-ENTRY-1';
    await world.current.putOrder(orderId, chenOrder('窗帘安装'));
    const phone = await world.current.phone();
    await openOrderPage(world.current, phone, orderId);
    const button = phone.page.locator(hook('create-group'));
    await expect.poll(() => button.isEnabled(), POLL).toBe(true);
    await button.click();
    await phone.page.locator(hook('group-created')).waitFor();
    const chatId = (await world.current.getOrder(orderId)).group?.chatId;
    if (!chatId) throw new Error('no group bound');

    await world.current.sim.setContext({ entry: 'group_chat_tools', chatId });
    await phone.page.goto(`${world.current.base}/`);
    await expect.poll(() => new URL(phone.page.url()).pathname, POLL).toBe(`/orders/${orderId}`);
    await settled(phone.page);
    await expect
      .poll(() => phone.page.locator(hook('entry-chat')).innerText(), POLL)
      .toContain('当前群就是本订单的客户群');

    // A customer group made in WeCom itself, outside any order.
    const other = await world.current.sim.openEnterpriseChat({
      callerUserId: 'zhangsan',
      userIds: ['lisi'],
      externalUserIds: [DEMO_CUSTOMER_IDS.chenXiaoming],
      appIdentity: true,
    });
    if (!other.ok || !other.chatId) throw new Error('no other group');
    await world.current.sim.setContext({ entry: 'group_chat_tools', chatId: other.chatId });
    await phone.page.goto(`${world.current.base}/`);
    await expect.poll(() => phone.page.locator(hook('entry-none')).innerText(), POLL).toContain('这个群还没有绑定订单');
    await world.current.sim.setContext({ entry: 'normal' });
  });
});
