import { afterEach, describe, expect, it } from 'vitest';
import { ok } from './testing/fake-server';
import { viewer } from './testing/fixtures';
import { mountConsole } from './testing/mount';
import { signInUrl } from './sign-in';

const realAgent = navigator.userAgent;
afterEach(() => Object.defineProperty(navigator, 'userAgent', { value: realAgent, configurable: true }));

describe('the console shell', () => {
  it('sends a signed-out desktop browser to WeCom web login, and WeCom’s own browser to OAuth', async () => {
    const page = await mountConsole('/failures', { me: 'signed-out' });
    expect(page.navigations).toEqual([`/auth/wecom/web-start?next=${encodeURIComponent(location.pathname)}`]);
    expect(page.text('loading')).toContain('企业微信登录');
    expect(signInUrl('/console/orders', 'Mozilla/5.0 wxwork/4.1.0 MicroMessenger/7.0.1')).toBe(
      '/auth/wecom/start?next=%2Fconsole%2Forders',
    );
  });

  it('tells someone without access, in Chinese, that the console is not for them', async () => {
    const page = await mountConsole('/orders', { me: 'forbidden' });
    expect(page.text('forbidden')).toContain('无权访问控制台');
    expect(page.find('orders-view').exists()).toBe(false);
  });

  it('shows the menu and who is signed in with their role', async () => {
    const page = await mountConsole('/orders', {
      me: viewer(),
      before: (s) => s.on('GET /api/console/orders', ok({ orders: [], nextCursor: null })),
    });
    expect(page.text('me')).toContain('sunqi');
    expect(page.text('me')).toContain('只读');
    expect(
      ['订单', '群池', '失败与重试', '数据', '交接', '操作日志'].every((t) => page.wrapper.text().includes(t)),
    ).toBe(true);
  });
});
