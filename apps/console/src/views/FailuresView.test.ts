import { describe, expect, it } from 'vitest';
import { fail, ok } from '../testing/fake-server';
import { failures, viewer } from '../testing/fixtures';
import { mountConsole } from '../testing/mount';

describe('失败与重试 (failures)', () => {
  it('lists parked callbacks, failed webhooks and orphaned join ways; an admin retries and redelivers', async () => {
    let state = failures();
    const page = await mountConsole('/failures', {
      before: (s) =>
        s
          .on('GET /api/console/failures', () => ok(state))
          .on('POST /api/console/callbacks/:id/retry', () => {
            state = { ...state, callbacks: [] };
            return { status: 202, body: { ok: true, auditId: 'aud_1' } };
          })
          .on('POST /api/console/webhooks/:id/redeliver', () => {
            state = { ...state, webhooks: [] };
            return { status: 202, body: { ok: true, auditId: 'aud_2' } };
          }),
    });
    expect(page.text('callbacks-count')).toBe('1');
    expect(page.text('webhooks-count')).toBe('1');
    expect(page.text('orphans-count')).toBe('1');
    expect(page.find('callbacks').text()).toContain('groupchat/get 40050');
    expect(page.find('read-only').exists()).toBe(false);
    await page.click('retry-cb-1');
    expect(page.server.made('POST /api/console/callbacks/cb-1/retry')).toHaveLength(1);
    expect(page.text('callbacks-count')).toBe('0');
    await page.click('redeliver-evt_bad');
    expect(page.server.made('POST /api/console/webhooks/evt_bad/redeliver')).toHaveLength(1);
    expect(page.text('webhooks-count')).toBe('0');
  });

  it('shows a viewer the failures with the actions disabled, and explains a refusal', async () => {
    const page = await mountConsole('/failures', {
      me: viewer(),
      before: (s) =>
        s
          .on('GET /api/console/failures', ok(failures()))
          .on('POST /api/console/callbacks/:id/retry', fail(403, 'console_read_only')),
    });
    expect(page.find('read-only').exists()).toBe(true);
    expect(page.find('retry-cb-1').attributes('disabled')).toBeDefined();
    expect(page.find('redeliver-evt_bad').attributes('disabled')).toBeDefined();
  });
});
