import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderSummary } from '@kequn/contracts';
import { ok } from '../testing/fake-server';
import { mountPage } from '../testing/mount-page';

enableAutoUnmount(afterEach);

const summary = (orderId: string, group: OrderSummary['group'] = null): OrderSummary => ({
  orderId,
  title: `订单 ${orderId}`,
  group,
});

const lookups = (page: Awaited<ReturnType<typeof mountPage>>) =>
  page.server.requests.filter((r) => r.path === '/api/orders').map((r) => Object.fromEntries(r.query));

describe('the page opened without an order (toolbar or profile)', () => {
  it('from a customer group’s toolbar opens the order that group belongs to', async () => {
    const page = await mountPage({
      path: '/',
      before: (server, sdk) => {
        sdk.entry = 'group_chat_tools';
        sdk.chatId = 'wrToolbarGroup01';
        server.on('GET /api/orders', () =>
          ok({ orders: [summary('A-1', { chatId: 'wrToolbarGroup01', status: 'confirmed' })] }),
        );
      },
    });
    expect(lookups(page)).toEqual([{ chatId: 'wrToolbarGroup01' }]);
    expect(page.navigations).toEqual(['/orders/A-1']);
  });

  it('from a group no order owns says so', async () => {
    const page = await mountPage({
      path: '/',
      before: (server, sdk) => {
        sdk.entry = 'group_chat_tools';
        sdk.chatId = 'wrStrangerGroup1';
        server.on('GET /api/orders', () => ok({ orders: [] }));
      },
    });
    expect(page.text('entry-none')).toContain('这个群还没有绑定订单');
    expect(page.navigations).toEqual([]);
  });

  it('from a customer’s chat toolbar lists that customer’s orders to choose from', async () => {
    const page = await mountPage({
      path: '/',
      before: (server, sdk) => {
        sdk.entry = 'single_chat_tools';
        sdk.contactId = 'wmChenXiaoming01';
        server.on('GET /api/orders', () =>
          ok({ orders: [summary('A-2'), summary('A-1', { chatId: 'wrOld', status: 'dismissed' })] }),
        );
      },
    });
    expect(lookups(page)).toEqual([{ externalUserId: 'wmChenXiaoming01' }]);
    const links = page.wrapper.findAll('[data-testid="order-link"]');
    expect(links.map((a) => a.attributes('href'))).toEqual(['/orders/A-2', '/orders/A-1']);
    expect(links[1]?.text()).toContain('群已解散');
  });

  it('opened from the workbench lists the staff member’s recent orders, and says to scan for others', async () => {
    const page = await mountPage({
      path: '/',
      before: (server) =>
        server.on('GET /api/orders', () =>
          ok({ orders: [summary('A-3'), summary('A-1', { chatId: 'wr1', status: 'confirmed' })] }),
        ),
    });
    expect(lookups(page)).toEqual([{ mine: '1' }]);
    const links = page.wrapper.findAll('[data-testid="order-link"]');
    expect(links.map((a) => a.attributes('href'))).toEqual(['/orders/A-3', '/orders/A-1']);
    expect(page.text('entry-recent')).toContain('其他订单请扫描订单二维码');
    expect(page.navigations).toEqual([]);
  });

  it('opened from the workbench with no orders asks to scan an order’s QR code', async () => {
    const page = await mountPage({
      path: '/',
      before: (server) => server.on('GET /api/orders', () => ok({ orders: [] })),
    });
    expect(page.text('entry-none')).toContain('请扫描订单二维码');
    expect(page.find('scan-order').exists()).toBe(true);
  });

  it('pages through the recent orders with 更多订单', async () => {
    const page = await mountPage({
      path: '/',
      before: (server) =>
        server.on('GET /api/orders', (req) =>
          req.query.get('before')
            ? ok({ orders: [summary('A-1')], nextBefore: null })
            : ok({ orders: [summary('A-3'), summary('A-2')], nextBefore: '2025-03-01T08:00:00.000Z' }),
        ),
    });
    await page.click('more-orders');
    expect(lookups(page)).toEqual([{ mine: '1' }, { mine: '1', before: '2025-03-01T08:00:00.000Z' }]);
    const links = page.wrapper.findAll('[data-testid="order-link"]');
    expect(links.map((a) => a.attributes('href'))).toEqual(['/orders/A-3', '/orders/A-2', '/orders/A-1']);
    expect(page.find('more-orders').exists()).toBe(false);
  });

  it('「扫一扫」 opens the order page a scanned order QR code holds, and refuses other codes', async () => {
    const page = await mountPage({
      path: '/',
      before: (server, sdk) => {
        server.on('GET /api/orders', () => ok({ orders: [] }));
        sdk.scanned = 'https://shop.example.com/pay?id=1';
      },
    });
    await page.click('scan-order');
    expect(page.text('scan-problem')).toBe('这不是本系统的订单二维码，请扫描订单上的二维码。');
    expect(page.navigations).toEqual([]);
    page.sdk.scanned = `${location.origin}/orders/SO-2024-001.2?from=qr`;
    await page.click('scan-order');
    expect(page.navigations).toEqual(['/orders/SO-2024-001.2?from=qr']);
    expect(page.find('scan-problem').exists()).toBe(false);
  });

  it('「扫一扫」 cancelled says nothing; a client without it says to update', async () => {
    const page = await mountPage({
      path: '/',
      before: (server, sdk) => {
        server.on('GET /api/orders', () => ok({ orders: [] }));
        sdk.fail('scanQRCode', { errMsg: 'scanQRCode:cancel', errCode: -1 }, 1);
      },
    });
    await page.click('scan-order');
    expect(page.find('scan-problem').exists()).toBe(false);
    page.sdk.fail('scanQRCode', { errMsg: 'scanQRCode:function not exist', errCode: -1 });
    await page.click('scan-order');
    expect(page.text('scan-problem')).toContain('企业微信版本过低');
  });

  it('signs in first when there is no session', async () => {
    const page = await mountPage({ path: '/', before: (server) => (server.state.me = null) });
    expect(page.navigations).toEqual(['/auth/wecom/start?next=%2F']);
  });
});
