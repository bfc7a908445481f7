import type { GroupMember, StaffOrderView } from '@kequn/contracts';
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { binding, orderView, staff } from '../testing/fixtures';
import { mountPage } from '../testing/mount-page';

enableAutoUnmount(afterEach);

const BOUND = 'wrmeClJ9iEbOtXfry3djGKNXDOzp2qdb';
const INVALID = { errMsg: 'openExistedChatWithMsg:invalid chatId', errCode: -1 };
const member = (id: string, leftAt: string | null = null): GroupMember => ({
  id,
  type: 'staff',
  name: null,
  joinedAt: '2025-03-01T08:01:00.000Z',
  leftAt,
});
const boundOrder = (members: GroupMember[], createdBy = 'lisi'): StaffOrderView =>
  orderView({
    participants: [staff('zhangsan', '张三'), staff('lisi', '李四')],
    group: { ...binding(BOUND), createdBy, members },
  });

/** The server's re-read of the group answers with the order as WeCom shows it now. */
const refreshTo = (view: StaffOrderView) => ({ status: 200, body: view });

describe('OrderPage: a group the client cannot open (invalid chatid)', () => {
  it('asks WeCom again; a group that is gone says so and offers a new group', async () => {
    const page = await mountPage({
      state: { order: boundOrder([member('zhangsan'), member('lisi')]) },
      before: (server, sdk) => {
        sdk.fail('openExistedChatWithMsg', INVALID);
        server.on('POST /api/orders/:orderId/group/refresh', () =>
          refreshTo({ ...server.state.order, group: { ...binding(BOUND, 'dismissed'), members: [] } }),
        );
      },
    });
    await page.click('open-group');
    expect(page.server.count('POST /api/orders/A1001/group/refresh')).toBe(1);
    expect(page.find('error-message').attributes('data-kind')).toBe('chat_dismissed');
    expect(page.text('error-message')).toContain('企业微信里已没有这个群');
    // The client's English only behind 「详情」.
    expect(page.wrapper.find('.error-panel__fix').text()).not.toContain('invalid');
    expect(page.text('failure-details')).toContain('openExistedChatWithMsg:invalid chatId');
    expect(page.find('retry').exists()).toBe(false);
    expect(page.find('create-group').exists()).toBe(true);
    expect(page.find('open-group').exists()).toBe(false);
  });

  it('tells a staff member who is not in the group to ask its owner, by name', async () => {
    const page = await mountPage({
      state: { order: boundOrder([member('zhangsan'), member('lisi')]) },
      before: (server, sdk) => {
        sdk.fail('openExistedChatWithMsg', INVALID);
        server.on('POST /api/orders/:orderId/group/refresh', () =>
          refreshTo(boundOrder([member('lisi'), member('zhangsan', '2025-03-02T08:00:00.000Z')])),
        );
      },
    });
    await page.click('open-group');
    expect(page.find('error-message').attributes('data-kind')).toBe('not_in_group');
    expect(page.text('error-message')).toContain('你不在这个客户群里');
    expect(page.text('error-message')).toContain('请群主李四在企业微信里把你加入群聊');
    expect(page.find('retry').exists()).toBe(false);
  });

  it('offers a retry when WeCom shows the group with this staff member in it', async () => {
    const page = await mountPage({
      state: { order: boundOrder([member('zhangsan'), member('lisi')]) },
      before: (server, sdk) => {
        sdk.fail('openExistedChatWithMsg', INVALID, 1);
        server.on('POST /api/orders/:orderId/group/refresh', () => refreshTo(server.state.order));
      },
    });
    await page.click('open-group');
    expect(page.text('error-message')).toContain('企业微信打不开这个群');
    await page.click('retry');
    expect(page.find('error-message').exists()).toBe(false);
    expect(page.sdk.count('openExistedChatWithMsg')).toBe(2);
  });

  it('says the network failed when the re-read itself cannot reach the server', async () => {
    const page = await mountPage({
      state: { order: boundOrder([member('zhangsan')]) },
      before: (server, sdk) => {
        sdk.fail('openExistedChatWithMsg', INVALID);
        server.on('POST /api/orders/:orderId/group/refresh', () => 'network');
      },
    });
    await page.click('open-group');
    expect(page.find('error-message').attributes('data-kind')).toBe('network');
  });
});
