import { describe, expect, it } from 'vitest';
import { ok } from '../testing/fake-server';
import { mountConsole } from '../testing/mount';

const entry = (id: string, action: string) => ({
  id,
  at: '2025-03-01T01:00:00.000Z',
  actor: 'zhouba',
  action,
  target: 'evt_1',
  detail: {},
});

describe('操作日志 (audit log)', () => {
  it('lists every action newest first, in Chinese, and pages on', async () => {
    const page = await mountConsole('/audit', {
      before: (s) =>
        s.on('GET /api/console/audit', (req) =>
          req.query.get('cursor') === 'c1'
            ? ok({ entries: [entry('a3', 'handover.start')], nextCursor: null })
            : ok({ entries: [entry('a1', 'webhook.redeliver'), entry('a2', 'callback.retry')], nextCursor: 'c1' }),
        ),
    });
    expect(page.text('action-a1')).toBe('重新投递 Webhook');
    expect(page.text('action-a2')).toBe('重试回调');
    await page.click('more');
    expect(page.text('action-a3')).toBe('发起交接');
    expect(page.find('more').exists()).toBe(false);
  });
});
