import { describe, expect, it } from 'vitest';
import { Handover } from '@kequn/contracts';
import { ok } from '../testing/fake-server';
import { viewer } from '../testing/fixtures';
import { mountConsole } from '../testing/mount';

const handover = Handover.parse({
  id: 'ho_1',
  from: 'lisi',
  to: 'wangwu',
  reason: 'on_job',
  requestedBy: 'console:zhouba',
  createdAt: '2025-03-01T01:00:00.000Z',
  finishedAt: null,
  counts: { pending: 0, transferred: 1, failed: 1 },
  groups: [
    { chatId: 'wrA', orderId: 'A-1', to: 'wangwu', state: 'transferred', errcode: null, error: null, attempts: 1 },
    { chatId: 'wrB', orderId: 'A-2', to: 'wangwu', state: 'failed', errcode: 40128, error: '90 days', attempts: 3 },
  ],
});

describe('交接 (handover)', () => {
  it('an admin fills in who hands over to whom, confirms, and sees each group’s result', async () => {
    const page = await mountConsole('/handover', {
      before: (s) =>
        s
          .on('GET /api/console/handovers', ok({ handovers: [] }))
          .on('POST /api/console/handovers', { status: 201, body: { handover, auditId: 'aud_1' } }),
    });
    expect(page.find('start').attributes('disabled')).toBeDefined();
    await page.fill('from', 'lisi');
    await page.fill('to', 'wangwu');
    const onJob = page
      .find('reason')
      .findAll('label')
      .find((l) => l.text() === '在职转接');
    await onJob?.find('input').setValue(true);
    await page.click('start');
    expect(page.text('confirm-text')).toContain('lisi');
    expect(page.text('confirm-text')).toContain('wangwu');
    await page.click('confirm');
    expect(page.server.made('POST /api/console/handovers')[0]?.body).toEqual({
      from: 'lisi',
      to: 'wangwu',
      reason: 'on_job',
    });
    expect(page.text('result-counts')).toContain('已转接 1');
    expect(page.text('result-counts')).toContain('失败 1');
    expect(page.find('handover-groups').text()).toContain('40128');
  });

  it('refuses to hand over to oneself before asking the server', async () => {
    const page = await mountConsole('/handover', {
      before: (s) => s.on('GET /api/console/handovers', ok({ handovers: [] })),
    });
    await page.fill('from', 'lisi');
    await page.fill('to', 'lisi');
    expect(page.text('form-problem')).toContain('不能是交出人自己');
    expect(page.find('start').attributes('disabled')).toBeDefined();
  });

  it('is for admins only', async () => {
    const page = await mountConsole('/handover', { me: viewer() });
    expect(page.text('admin-only')).toContain('仅限管理员');
    expect(page.server.made('GET /api/console/handovers')).toHaveLength(0);
  });
});
