import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { CHEN, WANG, orderView, staff } from '../testing/fixtures';
import { expectEnabled, mountPage, type PageHarness } from '../testing/mount-page';

enableAutoUnmount(afterEach);

const openArgs = (page: PageHarness) => page.sdk.calls.find((c) => c.name === 'openEnterpriseChat')?.args[0];

describe('OrderPage: who goes into the group', () => {
  it('asks for a colleague when only the customer would join (a one-to-one chat)', async () => {
    const order = orderView({ participants: [staff('zhangsan', '张三')] });
    const page = await mountPage({
      state: { order },
      before: (_server, sdk) => (sdk.pickedColleagues = [{ userId: 'lisi', name: '李四' }]),
    });
    expect(page.find('needs-colleague').exists()).toBe(true);
    expect(page.enabled('create-group')).toBe(false);
    await page.click('add-colleague');
    expect(page.find('needs-colleague').exists()).toBe(false);
    expect(page.wrapper.text()).toContain('李四');
    await page.click('create-group');
    expect(openArgs(page)).toMatchObject({ userIds: ['lisi'], externalUserIds: [CHEN.externalUserId] });
  });

  it('lists a picked colleague who is already in the group once', async () => {
    const page = await mountPage({
      before: (_server, sdk) =>
        (sdk.pickedColleagues = [
          { userId: 'wangwu', name: '王五' },
          { userId: 'zhaoliu', name: '赵六' },
        ]),
    });
    await page.click('add-colleague');
    const rows = page.wrapper.findAll('.people__list li').map((li) => li.text());
    expect(rows.filter((r) => r.includes('王五'))).toHaveLength(1);
    expect(rows.some((r) => r.includes('赵六'))).toBe(true);
  });

  it('picking oneself as the colleague says so instead of doing nothing silently', async () => {
    const order = orderView({ participants: [staff('zhangsan', '张三')] });
    const page = await mountPage({
      state: { order },
      before: (_server, sdk) => (sdk.pickedColleagues = [{ userId: 'zhangsan', name: '张三' }]),
    });
    await page.click('add-colleague');
    expect(page.text('colleague-note')).toBe('你已在群中，无需添加自己。');
    expect(page.find('needs-colleague').exists()).toBe(true);
    expect(page.enabled('create-group')).toBe(false);
    // Oneself among others: the others are added, oneself left out with the same word.
    page.sdk.pickedColleagues = [
      { userId: 'zhangsan', name: '张三' },
      { userId: 'lisi', name: '李四' },
    ];
    await page.click('add-colleague');
    expect(page.text('colleague-note')).toBe('你已在群中，无需添加自己。');
    const rows = page.wrapper.findAll('.people__list li').map((li) => li.text());
    expect(rows.filter((r) => r.includes('张三') || r.includes('zhangsan'))).toHaveLength(1);
    expect(rows).toContain('李四已添加');
    // A pick without oneself clears the note.
    page.sdk.pickedColleagues = [{ userId: 'lisi', name: '李四' }];
    await page.click('add-colleague');
    expect(page.find('colleague-note').exists()).toBe(false);
    await page.click('create-group');
    expect(openArgs(page)).toMatchObject({ userIds: ['lisi'] });
  });

  it('says why the customer the order names cannot be shown, and offers the picker', async () => {
    const order = orderView({
      customer: {
        match: 'none',
        customers: [],
        problem: { code: 'wecom_not_external_contact', message: 'externalcontact_get: … (84061)' },
      },
    });
    const page = await mountPage({ state: { order } });
    expect(page.text('customer-problem')).toContain('还不是你的企业微信客户');
    expect(page.wrapper.text()).not.toContain('84061');
    expect(page.find('select-customer').exists()).toBe(true);
  });

  it('lets the staff member pick the customer when the order matched none', async () => {
    const order = orderView({ customer: { match: 'none', customers: [] } });
    const page = await mountPage({
      state: { order },
      before: (_server, sdk) => (sdk.pickedCustomers = [WANG.externalUserId]),
    });
    expect(page.enabled('create-group')).toBe(false);
    expect(page.wrapper.text()).toContain('订单没有匹配到客户');
    await page.click('select-customer');
    expect(page.sdk.count('selectExternalContact')).toBe(1);
    expectEnabled(page, 'create-group');
    await page.click('create-group');
    expect(openArgs(page)).toMatchObject({ userIds: ['wangwu'], externalUserIds: [WANG.externalUserId] });
  });

  it('names a picked customer the order does not know, from the server (the picker gives ids only)', async () => {
    const order = orderView({ customer: { match: 'none', customers: [] } });
    const page = await mountPage({
      state: { order },
      before: (server, sdk) => {
        sdk.pickedCustomers = [WANG.externalUserId, 'wmUnknownTfVI'];
        server.on('GET /api/customers/:externalUserId', (req) =>
          req.params.externalUserId === WANG.externalUserId
            ? { status: 200, body: WANG }
            : { status: 404, body: { error: { code: 'customer_not_found', message: 'no' } } },
        );
      },
    });
    await page.click('select-customer');
    const rows = page.wrapper.findAll('.people__list li').map((li) => li.text());
    expect(rows.slice(0, 2)).toEqual(['王建国企业微信', '客户 …TfVI']);
    // Asked once each, however often the page renders.
    expect(page.server.requests.filter((r) => r.path.startsWith('/api/customers/')).length).toBe(2);
  });

  it('keeps the create button off when the picker comes back empty', async () => {
    const order = orderView({ customer: { match: 'none', customers: [] } });
    const page = await mountPage({ state: { order } });
    await page.click('select-customer');
    expect(page.enabled('create-group')).toBe(false);
  });

  it('uses the customer of the chat the page was opened from', async () => {
    const page = await mountPage({
      before: (_server, sdk) => {
        sdk.entry = 'single_chat_tools';
        sdk.contactId = CHEN.externalUserId;
      },
    });
    expect(page.sdk.count('getCurExternalContact')).toBe(1);
    await page.click('create-group');
    expect(openArgs(page)).toMatchObject({ externalUserIds: [CHEN.externalUserId] });
  });

  it('says so when the chat belongs to another customer than the order names, and uses it', async () => {
    const page = await mountPage({
      before: (_server, sdk) => {
        sdk.entry = 'contact_profile';
        sdk.contactId = WANG.externalUserId;
      },
    });
    expect(page.wrapper.text()).toContain('当前聊天的客户不是订单登记的客户');
    await page.click('create-group');
    expect(openArgs(page)).toMatchObject({ externalUserIds: [WANG.externalUserId] });
  });

  it('cuts a long order group name to the platform length without splitting a character', async () => {
    const order = orderView({ groupName: `${'装修'.repeat(30)}👨‍👩‍👧` });
    const page = await mountPage({ state: { order } });
    await page.click('create-group');
    const name = (openArgs(page) as { groupName: string }).groupName;
    expect(Array.from(new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(name))).toHaveLength(50);
    expect(name.endsWith('…')).toBe(true);
  });

  it('refuses a group over the 40-member limit when a personal-WeChat customer is in it', async () => {
    const many = Array.from({ length: 40 }, (_, i) => staff(`staff${i}`, `同事${i}`));
    const page = await mountPage({
      state: { order: orderView({ participants: [staff('zhangsan', '张三'), ...many] }) },
    });
    expect(page.wrapper.text()).toContain('人数超过企业微信上限（40 人）');
    expect(page.enabled('create-group')).toBe(false);
  });
});
