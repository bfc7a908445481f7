import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ORDER_ID, binding, orderView } from '../testing/fixtures';
import { fail, type FakeReply, type FakeServer } from '../testing/fake-server';
import { eventually, expectEnabled, mountPage, type PageHarness } from '../testing/mount-page';

enableAutoUnmount(afterEach);

const kind = (page: PageHarness) => page.find('error-message').attributes('data-kind');

/** What staff read without opening 「详情」 (of `element`, by default the whole page). */
function mainText(page: PageHarness, element: Element = page.wrapper.element): string {
  const copy = element.cloneNode(true) as Element;
  copy.querySelectorAll('details').forEach((d) => d.remove());
  return copy.textContent ?? '';
}
/** HTTP statuses, error codes, English words, JSON, URLs: none of it in the message itself. */
const TECHNICAL = /\d{3,}|[A-Za-z]{4,}|[{}]|https?:/;

function expectDetailsOnlyBehindToggle(page: PageHarness, ...technical: string[]): void {
  const details = page.find('failure-details');
  expect((details.element as Element).tagName).toBe('DETAILS');
  expect(details.attributes('open')).toBeUndefined();
  expect(details.find('summary').text()).toBe('详情');
  expect(mainText(page, page.find('error-message').element as Element)).not.toMatch(TECHNICAL);
  for (const line of technical) {
    expect(details.text()).toContain(line);
    expect(mainText(page)).not.toContain(line);
  }
}

describe('OrderPage: every failure says what happened and how to fix it', () => {
  it('without a session goes to the WeCom sign-in and comes back to this page', async () => {
    const page = await mountPage({ state: { me: null } });
    expect(page.navigations).toEqual([`/auth/wecom/start?next=${encodeURIComponent(`/orders/${ORDER_ID}?from=scan`)}`]);
    expect(page.find('error-message').exists()).toBe(false);
  });

  it('outside WeCom shows a QR code of this page to scan with WeCom', async () => {
    const page = await mountPage({ before: (_server, sdk) => (sdk.inside = false) });
    expect(kind(page)).toBe('outside_wecom');
    expect(page.text('error-message')).toContain('请在企业微信中打开此页面');
    await eventually(() => expect(page.find('page-qr').find('svg').exists()).toBe(true));
    expect(page.wrapper.text()).toContain(`http://localhost:3000/orders/${ORDER_ID}?from=scan`);
    // Nothing else is tried: no sign-in loop, no SDK registration.
    expect(page.navigations).toEqual([]);
    expect(page.sdk.registrations).toHaveLength(0);
  });

  it('a client too old for the call asks for an upgrade', async () => {
    const page = await mountPage({
      state: { order: orderView({ group: binding('wrBound0001') }) },
      before: (_server, sdk) =>
        sdk.fail('openExistedChatWithMsg', { errMsg: 'openExistedChatWithMsg:function not exist', errCode: -1 }),
    });
    await page.click('open-group');
    expect(kind(page)).toBe('client_too_old');
    expect(page.text('error-message')).toContain('企业微信版本过低');
    expect(page.find('retry').exists()).toBe(false);
  });

  const SIGNED_URL = `http://localhost:3000/orders/${ORDER_ID}?from=scan`;
  const refusedSignature = {
    errMsg: 'agentConfig:invalid signature more info at https://open.work.weixin.qq.com/devtool/query?e=40093',
    errCode: 40093,
  };

  it('invalid signature for this very URL has the server re-fetch its tickets, then reloads once', async () => {
    sessionStorage.clear();
    const page = await mountPage({ before: (_server, sdk) => sdk.fail('ready', refusedSignature) });
    await eventually(() => expect(page.navigations).toEqual([location.href.split('#')[0]]));
    const refreshes = page.server.requests.filter(
      (r) => r.path === '/api/jssdk/signatures' && r.query.get('refresh') === '1',
    );
    expect(refreshes.map((r) => r.query.get('url'))).toEqual([SIGNED_URL]);
  });

  it('invalid signature again after that reload shows the signed URL next to location.href', async () => {
    sessionStorage.setItem(`kequn:signature-refresh:${SIGNED_URL}`, '1');
    const page = await mountPage({ before: (_server, sdk) => sdk.fail('ready', refusedSignature) });
    expect(kind(page)).toBe('invalid_signature');
    expectDetailsOnlyBehindToggle(page, 'agentConfig:invalid signature', `签名地址：${SIGNED_URL}`);
    const text = page.text('error-message');
    expect(text).toContain(`签名地址：${SIGNED_URL}`);
    expect(text).toContain(`当前地址：${location.href}`);
    expect(page.enabled('create-group')).toBe(false);
    expect(page.navigations).toEqual([]);
    await page.click('retry');
    await eventually(() => expect(page.navigations).toEqual([location.href.split('#')[0]]));
  });

  it('invalid signature for a URL that changed meanwhile says the two differ', async () => {
    let release = () => {};
    const page = await mountPage({
      before: (_server, sdk) => {
        sdk.fail('ready', { errMsg: 'agentConfig:invalid signature', errCode: 40093 });
        release = sdk.hold('ready'); // signed already; the client's verdict is still out
      },
    });
    window.history.replaceState(null, '', `/orders/${ORDER_ID}?from=scan&share=1`);
    release();
    await page.settle();
    const text = page.text('error-message');
    expect(text).toContain('签名地址与当前地址不一致');
    expect(text).toContain(`签名地址：http://localhost:3000/orders/${ORDER_ID}?from=scan当前地址`);
    expect(text).toContain(`当前地址：http://localhost:3000/orders/${ORDER_ID}?from=scan&share=1`);
  });

  it('an untrusted domain (80001) names the domain to add', async () => {
    const page = await mountPage({
      before: (_server, sdk) => sdk.fail('ready', { errMsg: 'agentConfig:invalid url domain', errCode: 80001 }),
    });
    expect(kind(page)).toBe('untrusted_domain');
    expectDetailsOnlyBehindToggle(
      page,
      '把 localhost:3000 设为可信域名',
      'agentConfig:invalid url domain（错误码 80001）',
    );
  });

  it('an app without customer-contact permission (no permission) says where to grant it', async () => {
    const page = await mountPage({
      before: (_server, sdk) => {
        sdk.entry = 'single_chat_tools';
        sdk.fail('getCurExternalContact', { errMsg: 'getCurExternalContact:fail no permission', errCode: -1 });
      },
    });
    expect(kind(page)).toBe('no_permission');
    expect(page.text('error-message')).toContain('客户联系 → 可调用接口的应用');
  });

  it('48002 from the server is the same permission problem', async () => {
    const page = await mountPage({
      before: (server) =>
        server.on('GET /api/orders/:orderId', () =>
          fail(502, 'wecom_api_forbidden', 'The app may not call this API (48002).'),
        ),
    });
    expect(kind(page)).toBe('no_permission');
  });

  it('a customer who is not the staff member’s contact (84061) asks to add them or pick another', async () => {
    const page = await mountPage({
      before: (_server, sdk) =>
        sdk.fail('openEnterpriseChat', { errMsg: 'openEnterpriseChat:fail not external contact', errCode: 84061 }, 1),
    });
    await page.click('create-group');
    expect(kind(page)).toBe('not_contact');
    expect(page.text('error-message')).toContain('选择客户');
    expectEnabled(page, 'select-customer');
  });

  it('84061 reported by the server reads the same', async () => {
    const page = await mountPage({
      before: (server) => server.on('GET /api/orders/:orderId', () => fail(502, 'wecom_not_external_contact')),
    });
    expect(kind(page)).toBe('not_contact');
  });

  it('network down: a retry button that loads the page once the network is back', async () => {
    const page = await mountPage({ before: (server) => (server.offline = true) });
    expect(kind(page)).toBe('network');
    expect(page.text('error-message')).toContain('网络连接失败');
    page.server.offline = false;
    await page.click('retry');
    expect(page.find('error-message').exists()).toBe(false);
    expectEnabled(page, 'create-group');
    expect(page.sdk.registrations).toHaveLength(1);
  });

  it('network down during creation: retry resumes without a second lease once the chat exists', async () => {
    const page = await mountPage();
    page.server.offline = true;
    await page.click('create-group');
    expect(kind(page)).toBe('network');
    expect(page.sdk.count('openEnterpriseChat')).toBe(0);
    page.server.offline = false;
    await page.click('retry');
    expectEnabled(page, 'open-group');
    expect(page.sdk.count('openEnterpriseChat')).toBe(1);
  });

  it('403: the staff member is not on the order', async () => {
    const page = await mountPage({
      before: (server) =>
        server.on('GET /api/orders/:orderId', () =>
          fail(403, 'not_on_order', 'Only the staff of this order may open it.'),
        ),
    });
    expect(kind(page)).toBe('forbidden');
    expect(page.text('error-message')).toContain('你不是此订单的服务人员');
    expect(page.enabled('create-group')).toBe(false);
  });

  it('404: unknown order, or one the staff member is not on (the server says 404 for both)', async () => {
    const page = await mountPage({ path: '/orders/NOPE1' });
    expect(kind(page)).toBe('order_not_found');
    expect(page.text('error-message')).toContain('找不到这个订单');
    expect(page.find('retry').exists()).toBe(false);
    expectDetailsOnlyBehindToggle(page, '404 order_not_found');
  });

  it('a malformed order id (400 invalid_order_id) asks to scan again, the server’s words only in 详情', async () => {
    const page = await mountPage({
      path: '/orders/bad%20id!',
      before: (server) =>
        server.on('GET /api/orders/:orderId', () =>
          fail(400, 'invalid_order_id', 'orderId must be 1–30 letters, digits, _ or -.'),
        ),
    });
    expect(kind(page)).toBe('order_not_found');
    expect(page.find('error-message').find('h2').text()).toBe('订单号无效');
    expect(page.find('retry').exists()).toBe(false);
    expectDetailsOnlyBehindToggle(page, '400 invalid_order_id: orderId must be');
  });

  const offline = (s: FakeServer): void => void (s.offline = true);
  const meAnswers =
    (reply: FakeReply) =>
    (s: FakeServer): void =>
      void s.on('GET /api/me', () => reply);
  it.each([
    ['network down', offline, '无响应 network: Network Error'],
    ['a 503', meAnswers(fail(503, 'wecom_unreachable')), '503 wecom_unreachable'],
    ['an unexpected answer', meAnswers({ status: 418, body: { oops: true } }), '418 http_418'],
  ] as const)('%s: short Chinese on the screen, the technical line behind 详情', async (_case, setup, line) => {
    const page = await mountPage({ before: (server) => setup(server) });
    expect(page.find('retry').exists()).toBe(true);
    expectDetailsOnlyBehindToggle(page, line);
  });

  it('a client failure keeps WeCom’s English errMsg and code behind 详情', async () => {
    const page = await mountPage({
      state: { order: orderView({ group: binding('wrBound0001') }) },
      before: (_server, sdk) =>
        sdk.fail('openExistedChatWithMsg', { errMsg: 'openExistedChatWithMsg:fail unknown', errCode: 99999 }, 1),
    });
    await page.click('open-group');
    expect(kind(page)).toBe('unknown');
    expectDetailsOnlyBehindToggle(page, 'openExistedChatWithMsg:fail unknown（错误码 99999）');
  });

  it('a page URL the server will not sign (400 url_*) says so', async () => {
    const page = await mountPage({
      before: (server) =>
        server.on('GET /api/jssdk/signatures', () => fail(400, 'url_origin_not_allowed', 'Pages on … are not signed')),
    });
    expect(kind(page)).toBe('signing_refused');
  });

  it('WeCom unreachable behind the server (503) offers a retry', async () => {
    const page = await mountPage({
      before: (server) => server.on('GET /api/jssdk/signatures', () => fail(503, 'wecom_unreachable')),
    });
    expect(kind(page)).toBe('server');
    expect(page.find('retry').exists()).toBe(true);
  });
});
