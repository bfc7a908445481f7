import { describe, expect, it } from 'vitest';
import { ok } from '../testing/fake-server';
import { pool } from '../testing/fixtures';
import { mountConsole } from '../testing/mount';

describe('群池 (pool health)', () => {
  it('shows free and assigned groups per owner and a low-pool alert', async () => {
    const page = await mountConsole('/pool', { before: (s) => s.on('GET /api/console/pool', ok(pool())) });
    expect(page.find('pool-free').text()).toContain('3');
    expect(page.text('free-zhangsan')).toBe('1');
    expect(page.text('free-lisi')).toBe('2');
    expect(page.text('pool-low')).toContain('owner:zhangsan');
  });

  it('is an empty view on a server without the join-QR route', async () => {
    const page = await mountConsole('/pool', { before: (s) => s.on('GET /api/console/pool', ok(pool(false))) });
    expect(page.text('pool-unavailable')).toContain('未启用扫码入群');
  });
});
