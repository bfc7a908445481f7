/**
 * The order page in Chromium over the real server in demo mode (simulator + bridge + the real
 * @wecom/jssdk): who goes into the group when the order alone is not enough.
 * Stories: no customer matched → pick one; too few participants → add a colleague.
 *
 * Needs /usr/bin/chromium and the H5 build (pnpm --filter @kequn/h5 build).
 */
import { DEMO_CUSTOMER_IDS } from '@kequn/wecom-sim';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/a11y';
import { groupsNamed, hook, openOrderPage, POLL, simCalls, texts, useH5World } from '../support/h5-harness';
import { screenshots } from '../support/screens';

const C = DEMO_CUSTOMER_IDS;

const world = useH5World();

const calls = (path: string) => simCalls(world.current, path);
const groupsNamedHere = (name: string) => groupsNamed(world.current, name);

describe('H5 order page: participants', () => {
  it('the order’s customer cannot be matched: staff picks one of their customers in WeCom’s picker, then creates the group', async () => {
    const orderId = 'E2E-PICK-1';
    // A mobile that is none of Zhang San's customers' remark mobiles.
    await world.current.putOrder(orderId, {
      title: '门窗更换',
      customer: { mobile: '13911112222' },
      staffUserIds: ['zhangsan', 'lisi'],
    });
    const phone = await world.current.phone();
    const page = phone.page;
    await openOrderPage(world.current, phone, orderId);

    const create = page.locator(hook('create-group'));
    const select = page.locator(hook('select-customer'));
    await expect.poll(() => select.isEnabled(), POLL).toBe(true);
    expect(await page.locator('.people__empty').innerText()).toContain('订单没有匹配到客户');
    expect(await select.innerText()).toBe('选择客户');
    expect(await create.isDisabled()).toBe(true);
    await expectAccessible(page, 'pick customer');
    await screenshots(page, 'pick-customer');

    // WeCom's customer picker (the bridge's sheet) lists only Zhang San's own customers.
    await select.click();
    const picker = page.locator('[data-sim=picker]');
    await picker.waitFor();
    const offered = await page.locator('[data-sim=picker-item]').evaluateAll((els) => els.map((e) => e.dataset.id));
    expect(offered).toContain(C.linMeihua);
    expect(offered).not.toContain(C.xieTian); // Li Si's customer
    expect(offered).toHaveLength(11);
    await page.locator(`[data-sim=picker-item][data-id=${C.linMeihua}]`).check();
    await screenshots(page, 'pick-customer-picker');
    await page.locator('[data-sim=picker-confirm]').click();
    await picker.waitFor({ state: 'detached' });

    // The picked customer replaces the empty row; the page can create now.
    await expect.poll(() => create.isEnabled(), POLL).toBe(true);
    expect(await page.locator('.people__empty').count()).toBe(0);
    expect(await select.innerText()).toBe('更换客户');
    const customerRows = await page.locator('.people').first().locator('.people__list li').allInnerTexts();
    expect(customerRows).toHaveLength(1);
    // Named from GET /api/customers/:id: the picker itself gives ids only.
    await expect
      .poll(() => page.locator('.people').first().locator('.people__list li').innerText(), POLL)
      .toContain('林美华');

    const chatsBefore = await calls('/__sim/client/open-enterprise-chat');
    await create.click();
    await page.locator(hook('group-created')).waitFor();
    expect(await calls('/__sim/client/open-enterprise-chat')).toBe(chatsBefore + 1);
    const groups = await groupsNamedHere('门窗更换');
    expect(groups).toHaveLength(1);
    expect(groups[0]?.memberIds.toSorted()).toEqual(['lisi', 'zhangsan', C.linMeihua].toSorted());
    expect((await world.current.getOrder(orderId)).group?.chatId).toBe(groups[0]?.chatId);
    expect(await page.locator(hook('error-message')).count()).toBe(0);
    expect(phone.errors).toEqual([]);
    await phone.close();
  });

  it('only the signed-in staff member and one customer: the page asks to add a colleague, one is picked, then the group is created', async () => {
    const orderId = 'E2E-COLLEAGUE-1';
    // Zhang San alone with 何丽 would open a one-to-one chat, not a group.
    await world.current.putOrder(orderId, {
      title: '橱柜定制',
      customer: { mobile: '135-0013-5008', name: '何丽' },
      staffUserIds: ['zhangsan'],
    });
    const phone = await world.current.phone();
    const page = phone.page;
    await openOrderPage(world.current, phone, orderId);

    const create = page.locator(hook('create-group'));
    const add = page.locator(hook('add-colleague'));
    await expect.poll(() => add.isEnabled(), POLL).toBe(true);
    expect(await page.locator(hook('needs-colleague')).innerText()).toContain('请至少再添加一位同事');
    expect(await add.getAttribute('class')).toContain('van-button--primary');
    expect(await create.isDisabled()).toBe(true);
    expect(await texts(page, '.people__list li')).toEqual(['何丽 微信', '我（张三） 群主']);
    await expectAccessible(page, 'add colleague');
    await screenshots(page, 'add-colleague');

    // WeCom's member picker answers 王五 (preset in the simulator, as a tap would).
    const picksBefore = await calls('/__sim/pickers/take');
    await world.current.sim.presetPicker({ enterpriseContact: ['wangwu'] });
    await add.click();
    await expect.poll(() => create.isEnabled(), POLL).toBe(true);
    expect(await calls('/__sim/pickers/take')).toBe(picksBefore + 1);
    expect(await page.locator(hook('needs-colleague')).count()).toBe(0);
    expect(await texts(page, '.people__list li')).toEqual(['何丽 微信', '我（张三） 群主', '王五 已添加']);

    await create.click();
    await page.locator(hook('group-created')).waitFor();
    const groups = await groupsNamedHere('何丽 · 橱柜定制');
    expect(groups).toHaveLength(1);
    expect(groups[0]?.memberIds.toSorted()).toEqual(['wangwu', 'zhangsan', C.heLi].toSorted());
    expect((await world.current.getOrder(orderId)).group?.chatId).toBe(groups[0]?.chatId);
    expect(await page.locator(hook('error-message')).count()).toBe(0);
    expect(phone.errors).toEqual([]);
    await phone.close();
  });
});
