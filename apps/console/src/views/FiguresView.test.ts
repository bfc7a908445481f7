import { describe, expect, it } from 'vitest';
import { ok } from '../testing/fake-server';
import { figures } from '../testing/fixtures';
import { mountConsole } from '../testing/mount';

describe('数据 (figures)', () => {
  it('shows the funnel with rates, times to group and customer, per staff and per day, for the chosen period', async () => {
    const page = await mountConsole('/figures', { before: (s) => s.on('GET /api/console/figures', ok(figures())) });
    const first = page.server.made('GET /api/console/figures')[0];
    expect(first?.query.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(page.text('step-registered')).toContain('4');
    expect(page.text('step-opened')).toContain('75%');
    expect(page.text('step-group')).toContain('75%');
    expect(page.text('step-customer')).toContain('50%');
    expect(page.text('to-group')).toContain('中位数 20分');
    expect(page.text('to-group')).toContain('P90 36分');
    expect(page.text('to-customer')).toContain('中位数 1小时5分');
    expect(page.find('per-staff').text()).toContain('zhangsan');
    expect(page.find('per-day').text()).toContain('2025-03-02');

    await page.fill('from', '2025-03-01');
    await page.fill('to', '2025-03-02');
    await page.click('apply');
    const last = page.server.made('GET /api/console/figures').at(-1);
    expect([last?.query.get('from'), last?.query.get('to')]).toEqual(['2025-03-01', '2025-03-02']);
  });
});
