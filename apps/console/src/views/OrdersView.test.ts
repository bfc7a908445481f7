import { describe, expect, it } from 'vitest';
import { fail, ok } from '../testing/fake-server';
import { group, orderRow } from '../testing/fixtures';
import { mountConsole } from '../testing/mount';

describe('订单 (orders)', () => {
  it('lists orders newest first with their group status, and opens one', async () => {
    const page = await mountConsole('/orders', {
      before: (s) =>
        s.on(
          'GET /api/console/orders',
          ok({ orders: [orderRow('A-2', { group: group('confirmed') }), orderRow('A-1')], nextCursor: null }),
        ),
    });
    expect(page.find('orders-view').exists()).toBe(true);
    expect(page.text('status-A-2')).toBe('已确认');
    expect(page.text('status-A-1')).toBe('未建群');
    expect(page.find('more').exists()).toBe(false);
    await page.click('order-A-1');
    expect(page.router.currentRoute.value.fullPath).toBe('/orders/A-1');
  });

  it('searches, filters by group status, pages on with the cursor and exports the same filters as CSV', async () => {
    const page = await mountConsole('/orders', {
      before: (s) =>
        s.on('GET /api/console/orders', (req) => {
          if (req.query.get('cursor') === 'c1') return ok({ orders: [orderRow('A-1')], nextCursor: null });
          if (req.query.get('status') === 'none') return ok({ orders: [orderRow('A-3')], nextCursor: 'c1' });
          return ok({ orders: [orderRow('A-9')], nextCursor: null });
        }),
    });
    await page.fill('search', '陈晓明');
    await page.click('search-button');
    expect(page.server.made('GET /api/console/orders').at(-1)?.query.get('q')).toBe('陈晓明');
    const none = page
      .find('status-filter')
      .findAll('label')
      .find((l) => l.text() === '未建群');
    await none?.find('input').setValue(true);
    await page.settle();
    const last = page.server.made('GET /api/console/orders').at(-1);
    expect(last?.query.get('status')).toBe('none');
    expect(last?.query.get('q')).toBe('陈晓明');
    expect(page.find('order-A-3').exists()).toBe(true);
    await page.click('more');
    expect(page.find('order-A-3').exists()).toBe(true);
    expect(page.find('order-A-1').exists()).toBe(true);
    expect(page.find('more').exists()).toBe(false);
    await page.click('export');
    expect(page.navigations).toEqual([`/api/console/orders.csv?q=${encodeURIComponent('陈晓明')}&status=none`]);
  });

  it('says so in Chinese when the list cannot be loaded', async () => {
    const page = await mountConsole('/orders', { before: (s) => s.on('GET /api/console/orders', 'network') });
    expect(page.text('error')).toContain('网络连接失败');
    void fail;
  });
});
