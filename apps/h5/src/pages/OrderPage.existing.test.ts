import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ORDER_ID, binding, lease, orderView } from '../testing/fixtures';
import { conflict } from '../testing/fake-server';
import { eventually, expectEnabled, mountPage } from '../testing/mount-page';

enableAutoUnmount(afterEach);

const BOUND = 'wrmeClJ9iEbOtXfry3djGKNXDOzp2qdb';

describe('OrderPage: an order that has, or is getting, its group', () => {
  it('opens the bound group without sending the customers anything, however often pressed', async () => {
    const page = await mountPage({ state: { order: orderView({ group: binding(BOUND) }) } });
    expect(page.find('create-group').exists()).toBe(false);
    expect(page.text('group-status')).toContain('已建群');
    await page.click('open-group');
    await page.click('open-group');
    const calls = page.sdk.calls.filter((c) => c.name === 'openExistedChatWithMsg');
    expect(calls.map((c) => c.args)).toEqual([[BOUND], [BOUND]]);
  });

  it('shows who is creating on another device, polls, and never starts a second creation', async () => {
    const order = orderView({ creating: lease('wangwu') });
    const page = await mountPage({ state: { order } });
    expect(page.text('group-status')).toContain('王五正在创建');
    expect(page.enabled('create-group')).toBe(false);
    const reads = page.server.count(`GET /api/orders/${ORDER_ID}`);
    page.server.state.order = { ...order, group: binding(BOUND), creating: null };
    await eventually(() => expectEnabled(page, 'open-group'));
    expect(page.server.count(`GET /api/orders/${ORDER_ID}`)).toBeGreaterThan(reads);
    expect(page.server.count(`POST /api/orders/${ORDER_ID}/group/intent`)).toBe(0);
    expect(page.sdk.count('openEnterpriseChat')).toBe(0);
  });

  it('after a reload mid-creation (own lease still live) waits instead of creating again', async () => {
    const page = await mountPage({ state: { order: orderView({ creating: lease('zhangsan') }) } });
    expect(page.text('group-status')).toContain('你在另一台设备或刚才打开的页面上正在创建');
    expect(page.enabled('create-group')).toBe(false);
  });

  it('offers creation again once an abandoned lease has expired', async () => {
    const order = orderView({ creating: lease('wangwu', 60) });
    const page = await mountPage({ state: { order } });
    page.server.state.order = { ...order, creating: null };
    await eventually(() => expectEnabled(page, 'create-group'));
  });

  it('trusts the server about a live lease even when the phone’s clock says it ran out', async () => {
    // The phone's clock runs 3 minutes fast: the lease's end looks past, the server says it is live.
    const order = orderView({ creating: lease('wangwu', -60) });
    const page = await mountPage({ state: { order } });
    expect(page.text('group-status')).toContain('王五正在创建');
    expect(page.enabled('create-group')).toBe(false);
    page.server.state.order = { ...order, creating: null };
    await eventually(() => expectEnabled(page, 'create-group'));
  });

  it('on 409 creation_in_progress shows the creator and polls until the group is bound', async () => {
    const page = await mountPage({
      before: (server) =>
        server.on('POST /api/orders/:orderId/group/intent', () => {
          server.state.order = { ...server.state.order, creating: lease('wangwu') };
          return conflict('creation_in_progress', { ...server.state.order.creating });
        }),
    });
    await page.click('create-group');
    expect(page.find('error-message').exists()).toBe(false);
    expect(page.text('group-status')).toContain('王五正在创建');
    expect(page.sdk.count('openEnterpriseChat')).toBe(0);
    page.server.state.order = { ...page.server.state.order, group: binding(BOUND), creating: null };
    await eventually(() => expectEnabled(page, 'open-group'));
  });

  it('on 409 group_exists switches to opening the group someone else bound', async () => {
    const page = await mountPage({
      before: (server) =>
        server.on('POST /api/orders/:orderId/group/intent', () => {
          server.state.order = { ...server.state.order, group: binding(BOUND) };
          return conflict('group_exists', { chatId: BOUND });
        }),
    });
    await page.click('create-group');
    expect(page.sdk.count('openEnterpriseChat')).toBe(0);
    expectEnabled(page, 'open-group');
  });

  it('treats a dismissed group as gone: creation is offered again', async () => {
    const page = await mountPage({ state: { order: orderView({ group: binding(BOUND, 'dismissed') }) } });
    expect(page.text('group-status')).toContain('原客户群已解散');
    expectEnabled(page, 'create-group');
  });

  it('from this order’s group toolbar says it is this order’s group', async () => {
    const page = await mountPage({
      state: { order: orderView({ group: binding(BOUND) }) },
      before: (_server, sdk) => {
        sdk.entry = 'group_chat_tools';
        sdk.chatId = BOUND;
      },
    });
    expect(page.find('entry-chat').attributes('data-mine')).toBe('true');
    expect(page.text('group-status')).toContain('当前群就是本订单的客户群');
  });

  it('from another group’s toolbar says it is not this order’s group', async () => {
    const page = await mountPage({
      before: (_server, sdk) => {
        sdk.entry = 'group_chat_tools';
        sdk.chatId = 'wrdQGhpIEW7vJ7uMgiRers9maAsrwlXa';
      },
    });
    expect(page.find('entry-chat').attributes('data-mine')).toBe('false');
    expect(page.text('group-status')).toContain('当前群不是本订单的客户群，本订单还没有客户群');
  });
});
