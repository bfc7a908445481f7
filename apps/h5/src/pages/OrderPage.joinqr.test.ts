import type { GroupMember, StaffOrderView } from '@kequn/contracts';
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { binding, errorBody, orderView, staff } from '../testing/fixtures';
import { eventually, mountPage, type PageHarness } from '../testing/mount-page';

enableAutoUnmount(afterEach);

const SHELL = 'wrShellGroup00000000000000000001';
const QR_URL = 'http://localhost:3000/join-qr/abcdefghijklmnopqrstuvwxyz012345.png';
const NEW_CUSTOMER = 'wmNewCustomer0099';

const member = (id: string, type: GroupMember['type'], name: string | null): GroupMember => ({
  id,
  type,
  name,
  joinedAt: '2025-03-01T08:01:00.000Z',
  leftAt: null,
});
/** An order whose customer is no contact of the staff member: nothing to pick, nothing matched. */
const withoutContact = (): StaffOrderView =>
  orderView({
    customer: { match: 'none', customers: [] },
    participants: [staff('zhangsan', '张三'), staff('lisi', '李四')],
  });

/** The server's join-QR answer: binds the pool group to the order (owner = the signed-in member). */
function serveJoinQr(page: PageHarness['server'], members: GroupMember[]): void {
  page.on('POST /api/orders/:orderId/join-qr', (req) => {
    page.state.order = {
      ...page.state.order,
      group: { ...binding(SHELL), route: 'join_qr', platform: 'wecom', members },
    };
    return {
      status: 201,
      body: { orderId: req.params.orderId, chatId: SHELL, qrUrl: QR_URL, createdAt: '2025-03-01T08:00:00.000Z' },
    };
  });
}

describe('OrderPage: 让客户扫码入群 (the join-QR route)', () => {
  it('shows the QR large with 保存图片, and who has joined once the customer scanned', async () => {
    const page = await mountPage({
      state: { order: withoutContact() },
      before: (server) => serveJoinQr(server, [member('zhangsan', 'staff', '张三'), member('lisi', 'staff', '李四')]),
    });
    expect(page.text('join-by-qr')).toBe('让客户扫码入群');
    await page.click('join-by-qr');
    const image = page.find('join-qr-image');
    expect(image.attributes('src')).toBe(QR_URL);
    expect(Number(image.attributes('width'))).toBeGreaterThanOrEqual(240);
    expect(page.find('join-qr-save').attributes('download')).toBe('入群二维码-A1001.png');
    expect(page.find('join-qr-save').attributes('href')).toBe(QR_URL);
    expect(page.find('join-qr-add-staff').exists()).toBe(false); // everyone on the order is in it
    // The customer scans: the page, re-reading while the QR is shown, lists them.
    const group = page.server.state.order.group;
    if (!group) throw new Error('no group');
    page.server.state.order = {
      ...page.server.state.order,
      group: { ...group, members: [...group.members, member(NEW_CUSTOMER, 'customer', '赵女士')] },
    };
    await eventually(() =>
      expect(page.wrapper.findAll('[data-testid="member-customer"]').map((li) => li.text())).toEqual(['赵女士已入群']),
    );
    await page.click('join-qr-hide');
    expect(page.find('join-qr').exists()).toBe(false);
    expect(page.text('join-by-qr')).toBe('邀请客户扫码入群');
  });

  it('offers 加入本群 for the order’s staff not in the group, through updateEnterpriseChat', async () => {
    const page = await mountPage({
      state: { order: withoutContact() },
      before: (server) => serveJoinQr(server, [member('zhangsan', 'staff', '张三')]),
    });
    await page.click('join-by-qr');
    expect(page.find('join-qr').text()).toContain('订单同事 李四 还不在群里');
    await page.click('join-qr-add-staff');
    expect(page.sdk.calls.filter((c) => c.name === 'updateEnterpriseChat').map((c) => c.args)).toEqual([
      [SHELL, ['lisi']],
    ]);
    expect(page.text('join-qr-note')).toBe('已邀请同事入群，稍后显示在群成员中。');
  });

  it('asks the owner to add colleagues when the signed-in member is not in the group themselves', async () => {
    const page = await mountPage({
      state: { order: withoutContact() },
      before: (server) => serveJoinQr(server, [member('wangwu', 'staff', '王五')]),
    });
    await page.click('join-by-qr');
    expect(page.find('join-qr-add-staff').exists()).toBe(false);
    expect(page.text('join-qr-ask-owner')).toBe('你也不在群里，请群主打开本页把同事加入本群。');
  });

  it('says in Chinese what to do when the pool has no empty group, and keeps the page usable', async () => {
    const page = await mountPage({
      state: { order: withoutContact() },
      before: (server) =>
        server.on('POST /api/orders/:orderId/join-qr', () => ({ status: 409, body: errorBody('pool_empty') })),
    });
    await page.click('join-by-qr');
    expect(page.text('join-qr-problem')).toContain('没有可用的空客户群了');
    expect(page.find('join-qr').exists()).toBe(false);
    expect(page.find('select-customer').exists()).toBe(true);
  });

  it('tells a failed 加入本群 apart from a cancelled one', async () => {
    const page = await mountPage({
      state: { order: withoutContact() },
      before: (server, sdk) => {
        serveJoinQr(server, [member('zhangsan', 'staff', '张三')]);
        sdk.fail('updateEnterpriseChat', { errMsg: 'updateEnterpriseChat:cancel', errCode: -1 }, 1);
      },
    });
    await page.click('join-by-qr');
    await page.click('join-qr-add-staff');
    expect(page.text('join-qr-note')).toBe('已取消。');
  });
});
