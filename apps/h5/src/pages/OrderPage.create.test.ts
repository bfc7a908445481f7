import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_ID, CHEN, CORP_ID, ORDER_ID, binding, lease } from '../testing/fixtures';
import { conflict } from '../testing/fake-server';
import { eventually, expectEnabled, mountPage, type PageHarness } from '../testing/mount-page';

enableAutoUnmount(afterEach);

const INTENT = `POST /api/orders/${ORDER_ID}/group/intent`;
const BIND = `POST /api/orders/${ORDER_ID}/group`;
const posts = (page: PageHarness) =>
  page.server.requests.filter((r) => r.method === 'POST').map((r) => `${r.method} ${r.path}`);
const lastBind = (page: PageHarness) => page.server.requests.filter((r) => `${r.method} ${r.path}` === BIND).at(-1);

describe('OrderPage: creating the order group', () => {
  it('registers the SDK once with ids and both signatures from one request for the live URL', async () => {
    const page = await mountPage();
    expectEnabled(page, 'create-group');
    expect(page.sdk.registrations).toHaveLength(1);
    const options = page.sdk.registrations[0]!;
    expect(options).toMatchObject({ corpId: CORP_ID, agentId: AGENT_ID });
    expect(options.jsApiList).toEqual(
      expect.arrayContaining(['getContext', 'openEnterpriseChat', 'openExistedChatWithMsg', 'selectExternalContact']),
    );
    expect((await options.getConfigSignature(location.href)).signature).toBe('corp-sig-1');
    expect(page.sdk.signed[0]?.signature.signature).toBe('agent-sig-1');
    const signing = page.server.requests.filter((r) => r.path === '/api/jssdk/signatures');
    expect(signing).toHaveLength(1);
    expect(signing[0]?.query.get('url')).toBe(`http://localhost:3000/orders/${ORDER_ID}?from=scan`);
  });

  it('booted like main.ts (requests and registration before mount) still asks everything once', async () => {
    const page = await mountPage({ early: true });
    expectEnabled(page, 'create-group');
    for (const path of ['/api/me', `/api/orders/${ORDER_ID}`, '/api/jssdk/signatures']) {
      expect(
        page.server.requests.filter((r) => r.path === path),
        path,
      ).toHaveLength(1);
    }
    expect(page.sdk.registrations).toHaveLength(1);
    expect(page.sdk.count('ready')).toBe(1);
    expect(page.sdk.count('getContext')).toBe(1);
  });

  it('booted early, a registration failure is reported by the page and a retry starts afresh', async () => {
    const page = await mountPage({
      early: true,
      before: (_server, sdk) => sdk.fail('ready', { errMsg: 'agentConfig:invalid url domain', errCode: 80001 }, 1),
    });
    expect(page.find('error-message').attributes('data-kind')).toBe('untrusted_domain');
    await page.click('retry');
    expectEnabled(page, 'create-group');
    expect(page.sdk.registrations).toHaveLength(1);
    expect(page.server.count('GET /api/jssdk/signatures')).toBe(2); // signed afresh after the failure
  });

  it('cuts the #fragment off the URL it has signed', async () => {
    const page = await mountPage({ path: `/orders/${ORDER_ID}?from=scan#top` });
    const signing = page.server.requests.find((r) => r.path === '/api/jssdk/signatures');
    expect(signing?.query.get('url')).toBe(`http://localhost:3000/orders/${ORDER_ID}?from=scan`);
  });

  it('takes the lease, opens the chat with everyone, binds the chatId and shows success', async () => {
    const page = await mountPage();
    await page.click('create-group');
    expect(page.sdk.calls.find((c) => c.name === 'openEnterpriseChat')?.args[0]).toEqual({
      groupName: '陈晓明 · 订单 A1001 服务群',
      userIds: ['wangwu'],
      externalUserIds: [CHEN.externalUserId],
    });
    expect(posts(page)).toEqual([INTENT, BIND]);
    expect(page.server.requests.find((r) => `${r.method} ${r.path}` === INTENT)?.body).toEqual({
      externalUserIds: [CHEN.externalUserId],
      token: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(lastBind(page)?.body).toEqual({ chatId: 'wrNewOrderGroup0001' });
    expect(page.text('group-created')).toContain('客户群已创建');
    expect(page.text('group-status')).toContain('建群成功');
    expectEnabled(page, 'open-group');
    expect(page.find('create-group').exists()).toBe(false);
  });

  it('accepts the whole order view as the bind answer', async () => {
    const page = await mountPage({
      before: (server) =>
        server.on('POST /api/orders/:orderId/group', (req) => {
          const { chatId } = req.body as { chatId: string };
          server.state.order = { ...server.state.order, group: binding(chatId), creating: null };
          return { status: 200, body: server.state.order };
        }),
    });
    await page.click('create-group');
    expectEnabled(page, 'open-group');
  });

  it('a double press makes one lease request and one chat', async () => {
    const page = await mountPage();
    const release = page.sdk.hold('openEnterpriseChat');
    const button = page.find('create-group');
    void button.trigger('click');
    void button.trigger('click'); // before the re-render that disables it: the in-flight guard holds
    await page.settle();
    expect(page.find('create-group').attributes('disabled')).toBeDefined();
    await page.find('create-group').trigger('click');
    release();
    await page.settle();
    expect(page.sdk.count('openEnterpriseChat')).toBe(1);
    expect(page.server.count(INTENT)).toBe(1);
    expect(page.server.count(BIND)).toBe(1);
  });

  it('an old client without chatId posts null and says WeCom will confirm the binding', async () => {
    const page = await mountPage({ before: (_server, sdk) => (sdk.createdChatId = null) });
    await page.click('create-group');
    expect(lastBind(page)?.body).toEqual({ chatId: null });
    expect(page.text('binding-pending')).toContain('企业微信稍后会自动确认');
    expect(page.text('group-status')).toContain('等待确认');
    expect(page.find('create-group').exists()).toBe(false);
    // WeCom's callback binds it; the page polls and offers to open the group.
    page.server.state.order = { ...page.server.state.order, group: binding('wrFromCallback0001', 'confirmed') };
    await eventually(() => expectEnabled(page, 'open-group'));
  });

  it('an old client’s group that WeCom never confirms: the page says so and allows another try', async () => {
    const page = await mountPage({ before: (_server, sdk) => (sdk.createdChatId = null) });
    await page.click('create-group');
    expect(page.text('group-status')).toContain('等待确认');
    // The server's window closed without a callback: no group, nobody creating.
    page.server.state.order = { ...page.server.state.order, group: null, creating: null };
    await eventually(() => expect(page.text('group-status')).toContain('企业微信没有确认刚才建的群'));
    expectEnabled(page, 'create-group');
    page.sdk.createdChatId = 'wrSecondTry0002';
    await page.click('create-group');
    expect(page.sdk.count('openEnterpriseChat')).toBe(2);
    expectEnabled(page, 'open-group');
  });

  it('a reload between WeCom making the group and the bind binds that group instead of making another', async () => {
    const first = await mountPage({
      before: (server) => server.on('POST /api/orders/:orderId/group', () => 'network'),
    });
    await first.click('create-group');
    expect(first.sdk.count('openEnterpriseChat')).toBe(1);
    const made = first.sdk.createdChatId;
    first.wrapper.unmount(); // the page reloads; the server still shows this person's live lease

    const page = await mountPage({ state: { order: { ...first.server.state.order } } });
    await eventually(() => expectEnabled(page, 'open-group'));
    expect(lastBind(page)?.body).toEqual({ chatId: made });
    expect(page.sdk.count('openEnterpriseChat')).toBe(0);
    expect(sessionStorage.getItem(`kequn:unbound-chat:${ORDER_ID}`)).toBeNull();
  });

  it('a lost answer to the lease request: the next press gets this page’s own lease back and goes on', async () => {
    const page = await mountPage({
      before: (server) => {
        const take = server.routeFor('POST /api/orders/:orderId/group/intent');
        server.on('POST /api/orders/:orderId/group/intent', (req) => {
          take(req); // the server took the lease; its answer never arrives
          server.on('POST /api/orders/:orderId/group/intent', take);
          return 'network';
        });
      },
    });
    await page.click('create-group');
    expect(page.find('error-message').attributes('data-kind')).toBe('network');
    await page.click('retry');
    expect(page.sdk.count('openEnterpriseChat')).toBe(1);
    expectEnabled(page, 'open-group');
  });

  it('after a reload, a group made here that lost to another device’s group is reported as extra', async () => {
    sessionStorage.setItem(`kequn:unbound-chat:${ORDER_ID}`, 'wrMadeHere00001');
    const page = await mountPage({
      before: (server) => (server.state.order = { ...server.state.order, group: binding('wrOtherDevice001') }),
    });
    expect(page.text('orphan-chat')).toContain('解散你刚建的多余的群');
    expect(page.server.count(BIND)).toBe(0);
    expect(sessionStorage.getItem(`kequn:unbound-chat:${ORDER_ID}`)).toBeNull();
  });

  it('a lost bind answer is retried as a bind, never as a second chat', async () => {
    const page = await mountPage();
    page.server.on('POST /api/orders/:orderId/group', () => 'network');
    await page.click('create-group');
    expect(page.find('error-message').attributes('data-kind')).toBe('network');
    page.server.on('POST /api/orders/:orderId/group', () => ({
      status: 200,
      body: { group: binding('wrNewOrderGroup0001') },
    }));
    await page.click('retry');
    expect(page.sdk.count('openEnterpriseChat')).toBe(1);
    expect(page.server.count(INTENT)).toBe(1);
    expect(page.server.count(BIND)).toBe(2);
    expect(page.find('error-message').exists()).toBe(false);
    expectEnabled(page, 'open-group');
  });

  it('a cancelled chat gives the lease back and keeps the page usable', async () => {
    const page = await mountPage({
      before: (_server, sdk) => sdk.fail('openEnterpriseChat', { errMsg: 'openEnterpriseChat:cancel', errCode: -1 }, 1),
    });
    await page.click('create-group');
    expect(page.find('error-message').exists()).toBe(false);
    expect(page.wrapper.text()).toContain('已取消');
    expect(page.server.count(`DELETE /api/orders/${ORDER_ID}/group/intent`)).toBe(1);
    expect(page.server.state.order.creating).toBeNull();
    expectEnabled(page, 'create-group');
    await page.click('create-group');
    expect(page.sdk.count('openEnterpriseChat')).toBe(2);
    expectEnabled(page, 'open-group');
  });

  it('when the lease cannot be given back, the next press goes on under its own live lease', async () => {
    const page = await mountPage({
      before: (server, sdk) => {
        sdk.fail('openEnterpriseChat', { errMsg: 'openEnterpriseChat:cancel', errCode: -1 }, 1);
        server.on('DELETE /api/orders/:orderId/group/intent', () => 'network');
      },
    });
    await page.click('create-group');
    expect(page.server.state.order.creating?.by).toBe('zhangsan');
    await page.click('create-group');
    expect(page.server.count(INTENT)).toBe(2); // the second answered 409 creation_in_progress (ours)
    expect(page.sdk.count('openEnterpriseChat')).toBe(2);
    expectEnabled(page, 'open-group');
  });

  it('a lease the same person took on another device is not taken for this page’s own', async () => {
    const page = await mountPage({
      before: (server, sdk) => {
        sdk.fail('openEnterpriseChat', { errMsg: 'openEnterpriseChat:cancel', errCode: -1 }, 1);
        // The lease cannot be given back (its answer is lost), though the server did release it.
        server.on('DELETE /api/orders/:orderId/group/intent', () => {
          server.state.order.creating = null;
          return 'network';
        });
      },
    });
    await page.click('create-group');
    // The same staff member presses create in desktop WeCom and sits in its chat screen.
    page.server.state.order.creating = lease('zhangsan', 120);
    await page.click('create-group');
    expect(page.sdk.count('openEnterpriseChat')).toBe(1);
    expect(page.server.state.order.group).toBeNull();
  });

  it.each([
    ['already bound to another order', 'chat_bound_elsewhere', 'chat_elsewhere'],
    ['dismissed in WeCom meanwhile', 'group_dismissed', 'chat_dismissed'],
  ] as const)('a chat %s is refused and the next press makes a new one', async (_case, code, kind) => {
    const page = await mountPage({
      before: (server) => server.on('POST /api/orders/:orderId/group', () => conflict(code)),
    });
    await page.click('create-group');
    expect(page.find('error-message').attributes('data-kind')).toBe(kind);
    expect(page.find('retry').exists()).toBe(false);
    page.server.on('POST /api/orders/:orderId/group', () => ({ status: 201, body: binding('wrSecondTry0001') }));
    page.sdk.createdChatId = 'wrSecondTry0001';
    await page.click('create-group');
    expect(page.sdk.count('openEnterpriseChat')).toBe(2);
    expect(lastBind(page)?.body).toEqual({ chatId: 'wrSecondTry0001' });
    expectEnabled(page, 'open-group');
  });

  it('a group made here after another device bound the order first is reported as extra', async () => {
    const page = await mountPage({
      before: (server) =>
        server.on('POST /api/orders/:orderId/group', () => {
          server.state.order = { ...server.state.order, group: binding('wrOtherDevice001'), creating: null };
          return conflict('group_exists', { chatId: 'wrOtherDevice001' });
        }),
    });
    await page.click('create-group');
    expect(page.text('orphan-chat')).toContain('解散你刚建的多余的群');
    expectEnabled(page, 'open-group');
  });

  it('a bind that meets the same group already bound counts as success', async () => {
    const page = await mountPage({
      before: (server) =>
        server.on('POST /api/orders/:orderId/group', () => {
          server.state.order = { ...server.state.order, group: binding('wrNewOrderGroup0001'), creating: null };
          return conflict('group_exists', { chatId: 'wrNewOrderGroup0001' });
        }),
    });
    await page.click('create-group');
    expect(page.find('error-message').exists()).toBe(false);
    expect(page.text('group-created')).toContain('客户群已创建');
    expectEnabled(page, 'open-group');
  });
});
