import { describe, expect, it } from 'vitest';
import { fail, ok } from '../testing/fake-server';
import { orderDetail, viewer } from '../testing/fixtures';
import { mountConsole } from '../testing/mount';

describe('订单详情 (an order)', () => {
  it('shows the group, members and how they came, dismissed groups, the join QR and deliveries', async () => {
    const page = await mountConsole('/orders/A-1', {
      before: (s) => s.on('GET /api/console/orders/:id', ok(orderDetail())),
    });
    expect(page.text('order-title')).toContain('A-1');
    expect(page.text('group-status')).toBe('已确认');
    expect(page.text('via-wmChen')).toBe('本单入群码');
    expect(page.text('via-zhangsan')).toBe('成员邀请');
    expect(page.find('dismissed').text()).toContain('wrOld');
    expect(page.find('join-qr').text()).toContain('kqAbc');
    expect(page.text('delivery-evt_ok')).toBe('已送达');
    expect(page.text('delivery-evt_bad')).toBe('失败');
    expect(page.text('page-opened')).toContain('1 次');
  });

  it('lets an admin redeliver a failed webhook and shows the new state', async () => {
    let redelivered = false;
    const page = await mountConsole('/orders/A-1', {
      before: (s) =>
        s
          .on('GET /api/console/orders/:id', () => {
            const d = orderDetail();
            if (redelivered) d.deliveries = d.deliveries.map((x) => ({ ...x, state: 'pending' as const }));
            return ok(d);
          })
          .on('POST /api/console/webhooks/:id/redeliver', (req) => {
            redelivered = req.params.id === 'evt_bad';
            return { status: 202, body: { ok: true, auditId: 'aud_1' } };
          }),
    });
    await page.click('redeliver-evt_bad');
    expect(redelivered).toBe(true);
    expect(page.text('delivery-evt_bad')).toBe('投递中');
  });

  it('gives a viewer no working redeliver button, and says when the order does not exist', async () => {
    const page = await mountConsole('/orders/A-1', {
      me: viewer(),
      before: (s) => s.on('GET /api/console/orders/:id', ok(orderDetail())),
    });
    expect(page.find('redeliver-evt_bad').attributes('disabled')).toBeDefined();
    const missing = await mountConsole('/orders/NOPE', {
      before: (s) => s.on('GET /api/console/orders/:id', fail(404, 'order_not_found')),
    });
    expect(missing.text('error')).toBe('没有这个订单。');
  });

  it('shows an order without a group as such', async () => {
    const page = await mountConsole('/orders/A-1', {
      before: (s) =>
        s.on(
          'GET /api/console/orders/:id',
          ok(orderDetail({ group: null, members: [], joinQr: null, dismissedGroups: [] })),
        ),
    });
    expect(page.find('no-group').exists()).toBe(true);
    expect(page.find('join-qr').exists()).toBe(false);
  });
});
