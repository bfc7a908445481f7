/**
 * The order page in Chromium over the real server in demo mode: the simulator plays WeCom (OAuth,
 * API, callbacks) and its bridge lets the unmodified @wecom/jssdk run in the browser.
 * Stories: scan → sign in → create → bound; reload → open existing; double press → one group.
 *
 * Needs /usr/bin/chromium and the H5 build (pnpm --filter @kequn/h5 build).
 */
import { DEMO_CUSTOMER_IDS } from '@kequn/wecom-sim';
import { describe, expect, it } from 'vitest';
import {
  chenOrder,
  groupsNamed,
  hook,
  openOrderPage,
  POLL,
  settled,
  simCalls,
  texts,
  useH5World,
  type Phone,
} from '../support/h5-harness';
import { expectAccessible } from '../support/a11y';
import { screenshots } from '../support/screens';

const OPEN_CHAT = '/__sim/client/open-enterprise-chat';
const OPEN_EXISTED = '/__sim/client/open-existed-chat';

const world = useH5World();

const calls = (path: string) => simCalls(world.current, path);
const groupsNamedHere = (name: string) => groupsNamed(world.current, name);

/** Presses create-group on a ready page and waits for the success panel. */
async function createGroup(phone: Phone): Promise<void> {
  const button = phone.page.locator(hook('create-group'));
  await expect.poll(() => button.isEnabled(), POLL).toBe(true);
  await button.click();
  await phone.page.locator(hook('group-created')).waitFor();
}

describe('H5 order page: create the group', () => {
  it('staff scans the order QR code, signs in through WeCom OAuth and creates the group with one press; the order is bound and then confirmed', async () => {
    const orderId = 'E2E-CREATE-1';
    const registered = await world.current.putOrder(orderId, chenOrder('空调安装 3 台'));
    expect(registered.group).toBeNull();
    expect(registered.h5Url).toBe(world.current.orderUrl(orderId));
    const groupName = '陈晓明 · 空调安装 3 台';

    const phone = await world.current.phone();
    const signInsBefore = await calls('/cgi-bin/auth/getuserinfo');
    // The QR code holds h5Url: open exactly that, with no session cookie.
    expect(await phone.context.cookies()).toEqual([]);
    await phone.page.goto(registered.h5Url);
    await settled(phone.page);

    // Through the simulator's OAuth page and our callback, back on the order's page.
    const paths = phone.navigations.map((u) => new URL(u).pathname);
    expect(paths).toEqual([
      `/orders/${orderId}`,
      '/auth/wecom/start',
      '/connect/oauth2/authorize',
      '/auth/wecom/callback',
      `/orders/${orderId}`,
    ]);
    // Browsers keep the authorize URL's #wechat_redirect across the redirects (as in WeCom).
    expect(phone.page.url().split('#')[0]).toBe(registered.h5Url);
    expect(await calls('/cgi-bin/auth/getuserinfo')).toBe(signInsBefore + 1);
    expect((await phone.context.cookies()).length).toBeGreaterThan(0);

    // Ready to create: the customer matched by mobile, Li Si from the order, nothing bound yet.
    const page = phone.page;
    await expect.poll(() => page.locator(hook('create-group')).isEnabled(), POLL).toBe(true);
    expect(await page.locator(hook('group-status')).getAttribute('data-state')).toBe('未建群');
    expect(await page.locator(hook('error-message')).count()).toBe(0);
    // The order carries no staff names and getuserinfo gives none: WeCom's open-data component
    // (the simulated client's) draws them; the page itself only knows the userids.
    await expect
      .poll(() => texts(page, '.people__list li'), POLL)
      .toEqual(['陈晓明 微信', '我（张三） 群主', '李四 订单']);
    expect(await page.locator('ww-open-data[openid=lisi]').count()).toBe(1);
    expect(await page.locator('.order-page__id').innerText()).toContain(groupName);
    await expectAccessible(page, 'ready to create');
    await screenshots(page, 'ready-to-create');

    const chatsBefore = await calls(OPEN_CHAT);
    await createGroup(phone);
    await expect.poll(() => page.locator('[data-sim=toast]').textContent(), POLL).toBe(`已创建群聊 ${groupName}`);
    expect(await page.locator(hook('group-created')).innerText()).toContain('客户群已创建');
    expect(await page.locator(hook('group-status')).innerText()).toContain('建群成功');
    expect(await page.locator(hook('create-group')).count()).toBe(0);
    expect(await page.locator(hook('open-group')).isVisible()).toBe(true);
    expect(await calls(OPEN_CHAT)).toBe(chatsBefore + 1);
    // The group's name once on the screen, and who is in the group (the customer has joined).
    expect((await page.locator('main').innerText()).split(groupName)).toHaveLength(2);
    await expect.poll(() => texts(page, hook('member-customer')), POLL).toEqual(['陈晓明 已入群']);
    expect(await texts(page, hook('member-staff'))).toEqual(['我（张三）', '李四']);
    await page.locator('[data-sim=toast]').waitFor({ state: 'detached' });
    await expectAccessible(page, 'created');
    await screenshots(page, 'created');

    // WeCom has the group, with the owner, the colleague and the customer.
    const groups = await groupsNamedHere(groupName);
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group?.owner).toBe('zhangsan');
    expect(group?.memberIds.toSorted()).toEqual(['lisi', 'zhangsan', DEMO_CUSTOMER_IDS.chenXiaoming].toSorted());

    // The business system sees the group bound to the order, and confirmed once WeCom's callback came.
    const bound = await world.current.getOrder(orderId);
    expect(bound.group).toMatchObject({ chatId: group?.chatId, createdBy: 'zhangsan' });
    expect(['created', 'confirmed']).toContain(bound.group?.status);
    await expect.poll(async () => (await world.current.getOrder(orderId)).group?.status, POLL).toBe('confirmed');
    expect(phone.errors).toEqual([]);
    await phone.close();
  });

  it('staff reloads the page of an order with a group: open-group replaces create-group and opens that group', async () => {
    const orderId = 'E2E-OPEN-1';
    await world.current.putOrder(orderId, chenOrder('热水器维修'));
    const phone = await world.current.phone();
    const page = phone.page;
    await openOrderPage(world.current, phone, orderId);
    await createGroup(phone);
    const chatId = (await world.current.getOrder(orderId)).group?.chatId;
    expect(chatId).toEqual(expect.any(String));

    await page.reload();
    await settled(page);
    const open = page.locator(hook('open-group'));
    await open.waitFor();
    expect(await page.locator(hook('create-group')).count()).toBe(0);
    expect(await page.locator(hook('select-customer')).count()).toBe(0);
    expect(await page.locator(hook('group-status')).getAttribute('data-state')).toBe('已建群');
    expect(await page.locator(hook('group-status')).innerText()).toContain('陈晓明 · 热水器维修');
    await expect.poll(() => open.isEnabled(), POLL).toBe(true);
    await expect.poll(() => texts(page, hook('member-customer')), POLL).toEqual(['陈晓明 已入群']);
    await expectAccessible(page, 'open existing');
    await screenshots(page, 'open-existing');

    const [existedBefore, chatsBefore] = [await calls(OPEN_EXISTED), await calls(OPEN_CHAT)];
    await open.click();
    // Into the group without a message: the customers get no card per press.
    await expect.poll(() => page.locator('[data-sim=toast]').textContent(), POLL).toBe('已打开群聊');
    expect(await calls(OPEN_EXISTED)).toBe(existedBefore + 1);
    expect(await calls(OPEN_CHAT)).toBe(chatsBefore); // opened, not created again
    expect((await world.current.getOrder(orderId)).group?.chatId).toBe(chatId);
    expect(await page.locator(hook('error-message')).count()).toBe(0);
    expect(phone.errors).toEqual([]);
    await phone.close();
  });

  it('staff presses create-group twice in a row: exactly one group and one binding', async () => {
    const orderId = 'E2E-DOUBLE-1';
    await world.current.putOrder(orderId, chenOrder('地暖清洗'));
    const groupName = '陈晓明 · 地暖清洗';
    const phone = await world.current.phone();
    const page = phone.page;
    await openOrderPage(world.current, phone, orderId);
    const button = page.locator(hook('create-group'));
    await expect.poll(() => button.isEnabled(), POLL).toBe(true);

    const chatsBefore = await calls(OPEN_CHAT);
    // Two presses in the same moment, before the page can re-render its button as busy.
    await button.evaluate((el: HTMLElement) => {
      el.click();
      el.click();
    });
    await page.locator(hook('group-created')).waitFor();
    // And a double tap on whatever is there now.
    await page.locator(hook('group-created')).dblclick();

    await page.waitForTimeout(500);
    expect(await calls(OPEN_CHAT)).toBe(chatsBefore + 1);
    const groups = await groupsNamedHere(groupName);
    expect(groups).toHaveLength(1);
    expect((await world.current.getOrder(orderId)).group?.chatId).toBe(groups[0]?.chatId);
    expect(await page.locator(hook('error-message')).count()).toBe(0);
    expect(phone.errors).toEqual([]);
    await phone.close();
  });

  it('staff presses create-group on two devices at once: exactly one group, and both devices end on it', async () => {
    const orderId = 'E2E-DOUBLE-2';
    await world.current.putOrder(orderId, chenOrder('净水器安装'));
    const groupName = '陈晓明 · 净水器安装';
    const phones = [await world.current.phone(), await world.current.phone()] as const;
    for (const phone of phones) await openOrderPage(world.current, phone, orderId);
    const buttons = phones.map((p) => p.page.locator(hook('create-group')));
    for (const button of buttons) await expect.poll(() => button.isEnabled(), POLL).toBe(true);

    const chatsBefore = await calls(OPEN_CHAT);
    await Promise.all(buttons.map((b) => b.click()));

    // One device created the group; the other waited for it (it polls the order) and offers to open it.
    const outcome = async (phone: Phone) =>
      (await phone.page.locator(hook('group-created')).count()) > 0
        ? 'created'
        : (await phone.page.locator(hook('open-group')).count()) > 0
          ? 'open'
          : 'waiting';
    await expect
      .poll(async () => (await Promise.all(phones.map(outcome))).toSorted(), { timeout: 15_000, interval: 200 })
      .toEqual(['created', 'open']);

    expect(await calls(OPEN_CHAT)).toBe(chatsBefore + 1);
    const groups = await groupsNamedHere(groupName);
    expect(groups).toHaveLength(1);
    const bound = await world.current.getOrder(orderId);
    expect(bound.group?.chatId).toBe(groups[0]?.chatId);
    for (const phone of phones) {
      expect(await phone.page.locator(hook('error-message')).count()).toBe(0);
      expect(phone.errors).toEqual([]);
      await phone.close();
    }
  });
});
