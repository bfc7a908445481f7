import type { GroupMember } from '@kequn/contracts';
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { CHEN, WANG, binding, me, orderView, staff } from '../testing/fixtures';
import { eventually, expectEnabled, mountPage, type PageHarness } from '../testing/mount-page';

enableAutoUnmount(afterEach);

const BOUND = 'wrmeClJ9iEbOtXfry3djGKNXDOzp2qdb';
const JOINED = '2025-03-01T08:01:00.000Z';

const member = (id: string, type: GroupMember['type'], name: string | null, leftAt: string | null = null) => ({
  id,
  type,
  name,
  joinedAt: JOINED,
  leftAt,
});
const bound = (members: GroupMember[]) => ({ ...binding(BOUND), members });
const customerRows = (page: PageHarness) =>
  page.wrapper.findAll('[data-testid="member-customer"]').map((li) => [li.attributes('data-state'), li.text()]);
const staffRows = (page: PageHarness) => page.wrapper.findAll('[data-testid="member-staff"]').map((li) => li.text());
const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('OrderPage: who is in the order’s group', () => {
  it('lists customers as joined, left or not joined, and staff by name or id', async () => {
    const order = orderView({
      customer: { match: 'given', customers: [CHEN, WANG] },
      group: bound([
        member('zhangsan', 'staff', '张三'),
        member('wangwu', 'staff', null),
        member('lisi', 'staff', null),
        member(CHEN.externalUserId, 'customer', '陈晓明'),
        member('wmFormer0009', 'customer', null, '2025-03-02T08:00:00.000Z'),
      ]),
    });
    const page = await mountPage({ state: { order } });
    expect(customerRows(page)).toEqual([
      ['joined', '陈晓明已入群'],
      ['absent', '王建国未入群'], // the order names him; he is not among the members
      ['left', '客户 …0009已退群'],
    ]);
    // Me first; a member without a name by the order's name for them, else by id.
    expect(staffRows(page)).toEqual(['我（张三）', '王五', 'lisi']);
    expectEnabled(page, 'open-group');
  });

  it('says the members come later while the server has none, and reads them once they are there', async () => {
    const page = await mountPage({ state: { order: orderView({ group: bound([]) }) } });
    expect(page.find('members-pending').exists()).toBe(true);
    expect(customerRows(page)).toEqual([]);
    page.server.state.order = {
      ...page.server.state.order,
      group: bound([member('zhangsan', 'staff', '张三'), member(CHEN.externalUserId, 'customer', '陈晓明')]),
    };
    await eventually(() => expect(customerRows(page)).toEqual([['joined', '陈晓明已入群']]));
    expect(page.find('members-pending').exists()).toBe(false);
  });

  it('stops asking for members after a few reads', async () => {
    const page = await mountPage({ state: { order: orderView({ group: bound([]) }) } });
    const reads = () => page.server.requests.filter((r) => r.path.startsWith('/api/orders/')).length;
    await eventually(() => expect(reads()).toBe(11)); // the first load and ten more
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads()).toBe(11);
  });

  it('shows the group’s name once in the created state, with its members', async () => {
    const page = await mountPage({
      before: (server) =>
        server.on('POST /api/orders/:orderId/group', (req) => {
          const { chatId } = req.body as { chatId: string };
          const group = {
            ...binding(chatId),
            members: [member('zhangsan', 'staff', '张三'), member(CHEN.externalUserId, 'customer', '陈晓明')],
          };
          server.state.order = { ...server.state.order, group, creating: null };
          return { status: 201, body: group };
        }),
    });
    expect(occurrences(page.wrapper.text(), '陈晓明 · 订单 A1001 服务群')).toBe(1);
    await page.click('create-group');
    expect(page.text('group-created')).toContain('客户群已创建');
    expect(occurrences(page.wrapper.text(), '陈晓明 · 订单 A1001 服务群')).toBe(1);
    expect(customerRows(page)).toEqual([['joined', '陈晓明已入群']]);
    expectEnabled(page, 'open-group');
  });

  it('a bind WeCom cannot confirm yet (202, no chatId shown) waits, then opens the group', async () => {
    const page = await mountPage({
      before: (server) =>
        server.on('POST /api/orders/:orderId/group', () => {
          const group = { ...binding(null, 'creating') };
          server.state.order = { ...server.state.order, group };
          return { status: 202, body: { chatId: null, status: 'creating' } };
        }),
    });
    await page.click('create-group');
    expect(page.text('group-status')).toContain('等待确认');
    expect(page.text('binding-pending')).toContain('企业微信稍后会自动确认');
    expect(page.find('create-group').exists()).toBe(false);
    page.server.state.order = { ...page.server.state.order, group: binding('wrNewOrderGroup0001'), creating: null };
    await eventually(() => expectEnabled(page, 'open-group'));
  });
});

describe('OrderPage: staff nobody named', () => {
  it('are named by WeCom’s open-data component inside the client, and by id without it', async () => {
    const order = orderView({
      participants: [staff('zhangsan', null), staff('lisi', null)],
    });
    const named = await mountPage({
      state: { order, me: me('zhangsan', null) },
      before: (_server, sdk) => (sdk.openDataNames = { zhangsan: '张三', lisi: '李四' }),
    });
    await eventually(() =>
      expect(named.wrapper.findAll('ww-open-data').map((el) => el.text())).toEqual(['张三', '李四']),
    );
    expect(named.wrapper.find('ww-open-data').attributes()).toMatchObject({ type: 'userName', openid: 'zhangsan' });
    named.wrapper.unmount();

    const plain = await mountPage({ state: { order, me: me('zhangsan', null) } });
    expect(plain.wrapper.findAll('ww-open-data')).toHaveLength(0);
    expect(plain.wrapper.findAll('.people__list li').map((li) => li.text())).toContain('我（zhangsan）群主');
  });
});
