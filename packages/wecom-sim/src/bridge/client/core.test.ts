import { describe, expect, it, vi } from 'vitest';
import { createBridgeCore, type BridgeUi, type PickOptions } from './core.js';
import type { ScanOptions } from './scan.js';

type Handler = (body: unknown) => unknown;

interface SetupOptions {
  /** What the 模拟扫一扫 overlay resolves with (null = 取消). */
  scanAnswer?: string | null;
  isIOS?: boolean;
}

function setup(routes: Record<string, Handler> = {}, pickAnswer: string[] | null = null, opts: SetupOptions = {}) {
  const calls: Array<{ key: string; body: unknown }> = [];
  const all: Record<string, Handler> = {
    'POST /__sim/jsapi/verify': () => ({ ok: true }),
    'GET /__sim/context': () => ({ entry: 'single_chat_tools', externalUserId: 'wmCUST1' }),
    'GET /__sim/session': () => ({ userId: 'zhangsan' }),
    'POST /__sim/pickers/take': () => ({ preset: null }),
    'GET /__sim/directory': () => ({
      staff: [
        { userId: 'zhangsan', name: '张三', avatar: 'https://a/z.png', departmentIds: [1] },
        { userId: 'lisi', name: '李四', avatar: '', departmentIds: [1] },
      ],
      customers: [
        { externalUserId: 'wmCUST1', name: '客户甲', type: 1, followers: ['zhangsan'] },
        { externalUserId: 'wmCUST2', name: '客户乙', type: 2, followers: ['lisi'] },
      ],
    }),
    'POST /__sim/client/open-enterprise-chat': () => ({ ok: true, chatId: 'wrCHAT1', kind: 'group' }),
    'POST /__sim/client/open-existed-chat': () => ({ ok: true }),
    'POST /__sim/client/update-enterprise-chat': () => ({ ok: true, chatId: 'wrG', added: ['lisi'] }),
    'POST /__sim/client/scan-qrcode': () => ({ ok: true, preset: null, suggestions: [] }),
    ...routes,
  };
  const fetchMock = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ key, body });
    const h = all[key];
    if (!h) return new Response('not found', { status: 404 });
    const out = h(body);
    return out instanceof Response ? out : Response.json(out);
  });
  const picks: PickOptions[] = [];
  const toasts: string[] = [];
  const scans: ScanOptions[] = [];
  const navigations: string[] = [];
  const ui: BridgeUi = {
    pick: async (o) => {
      picks.push(o);
      return pickAnswer;
    },
    scan: async (o) => {
      scans.push(o);
      return opts.scanAnswer ?? null;
    },
    toast: (t) => toasts.push(t),
  };
  const core = createBridgeCore({
    simBase: 'http://sim.test',
    fetch: fetchMock as unknown as typeof fetch,
    ui,
    pageUrl: () => 'http://app.test/order?id=1',
    navigate: (url) => navigations.push(url),
    isIOS: opts.isIOS ?? false,
  });
  return { core, calls, picks, toasts, scans, navigations };
}

const agentParams = (jsApiList: string[]) => ({
  corpid: 'wwcorp',
  agentid: '1000002',
  timestamp: '1700000000',
  nonceStr: 'n1',
  signature: 'sig',
  jsApiList,
});

const ALL = [
  'getContext',
  'getCurExternalContact',
  'getCurExternalChat',
  'selectExternalContact',
  'selectEnterpriseContact',
  'openEnterpriseChat',
  'openExistedChatWithMsg',
  'updateEnterpriseChat',
  'scanQRCode',
];

describe('bridge core: config', () => {
  it('refuses APIs before any config succeeded', async () => {
    const { core } = setup();
    expect(await core.invoke('getContext', {})).toEqual({ err_msg: 'getContext:fail_nopermission' });
  });

  it('verifies agentConfig against the simulator with the page URL', async () => {
    const { core, calls } = setup();
    const res = await core.invoke('agentConfig', agentParams(['getContext']));
    expect(res).toEqual({ err_msg: 'agentConfig:ok', checkResult: { getContext: true } });
    expect(calls[0]).toEqual({
      key: 'POST /__sim/jsapi/verify',
      body: {
        kind: 'agent',
        corpId: 'wwcorp',
        agentId: '1000002',
        url: 'http://app.test/order?id=1',
        timestamp: '1700000000',
        nonceStr: 'n1',
        signature: 'sig',
        jsApiList: ['getContext'],
      },
    });
    expect(await core.invoke('getContext', {})).toEqual({ err_msg: 'getContext:ok', entry: 'single_chat_tools' });
  });

  it('verifies config (preVerifyJSAPI) with kind corp', async () => {
    const { core, calls } = setup();
    const res = await core.invoke('preVerifyJSAPI', {
      appId: 'wwcorp',
      verifyAppId: 'wwcorp',
      verifyJsApiList: ['getContext'],
      verifyTimestamp: '1',
      verifyNonceStr: 'n',
      verifySignature: 's',
      verifySignType: 'sha1',
    });
    expect(res.err_msg).toBe('config:ok');
    expect(calls[0]?.body).toMatchObject({
      kind: 'corp',
      corpId: 'wwcorp',
      timestamp: '1',
      nonceStr: 'n',
      signature: 's',
    });
    expect(calls[0]?.body).not.toHaveProperty('agentId');
  });

  it('passes the simulator verdict on as a WeCom failure', async () => {
    const { core } = setup({
      'POST /__sim/jsapi/verify': () => ({ ok: false, errMsg: 'invalid signature', errCode: 40093 }),
    });
    const res = await core.invoke('agentConfig', agentParams(ALL));
    expect(res).toEqual({
      err_msg: 'agentConfig:invalid signature more info at https://open.work.weixin.qq.com/devtool/query?e=40093',
      err_code: 40093,
    });
    expect(core.state().agent).toBeNull();
    expect((await core.invoke('getContext', {})).err_msg).toBe('getContext:fail_nopermission');
  });

  it('enforces jsApiList', async () => {
    const { core } = setup();
    await core.invoke('agentConfig', agentParams(['getContext']));
    expect((await core.invoke('openEnterpriseChat', {})).err_msg).toBe('openEnterpriseChat:fail_nopermission');
  });

  it('needs app identity for customer APIs', async () => {
    const { core } = setup();
    await core.invoke('preVerifyJSAPI', { appId: 'wwcorp', verifyJsApiList: ALL });
    expect((await core.invoke('getCurExternalContact', {})).err_msg).toBe('getCurExternalContact:fail no permission');
    expect((await core.invoke('openEnterpriseChat', { chatId: 'wrX' })).err_msg).toBe(
      'openEnterpriseChat:fail no permission',
    );
    // creating a chat works with corp identity, but no chatId comes back
    const open = await core.invoke('openEnterpriseChat', { userIds: 'lisi;wangwu', groupName: 'G' });
    expect(open.err_msg).toBe('openEnterpriseChat:ok');
    expect((await core.invoke('updateEnterpriseChat', { chatId: 'wrG', userIdsToAdd: 'lisi' })).err_msg).toBe(
      'updateEnterpriseChat:fail no permission',
    );
    // scanQRCode needs no app identity
    expect((await core.invoke('scanQRCode', { needResult: 1 })).err_msg).toBe('scanQRCode:cancel');
  });

  it('checkJsApi reports updateEnterpriseChat and scanQRCode as available', async () => {
    const { core } = setup();
    await core.invoke('agentConfig', agentParams(['getContext']));
    expect(
      await core.invoke('checkJsApi', { jsApiList: ['updateEnterpriseChat', 'scanQRCode', 'chooseImage'] }),
    ).toEqual({
      err_msg: 'checkJsApi:ok',
      checkResult: { updateEnterpriseChat: true, scanQRCode: true, chooseImage: false },
    });
  });

  it('answers function not exist for APIs the simulator lacks', async () => {
    const { core } = setup();
    await core.invoke('agentConfig', agentParams(['chooseImage']));
    expect((await core.invoke('chooseImage', {})).err_msg).toBe('chooseImage:function not exist');
  });

  it('reports a broken simulator as fail, not as a hang', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { core } = setup({ 'GET /__sim/context': () => new Response('boom', { status: 500 }) });
    await core.invoke('agentConfig', agentParams(ALL));
    const res = await core.invoke('getContext', {});
    expect(res.err_msg).toMatch(/^getContext:fail simulator \/__sim\/context answered 500/);
    expect(quiet).toHaveBeenCalled();
    quiet.mockRestore();
  });
});

describe('bridge core: APIs', () => {
  async function ready(
    routes: Record<string, Handler> = {},
    pickAnswer: string[] | null = null,
    opts: SetupOptions = {},
  ) {
    const s = setup(routes, pickAnswer, opts);
    await s.core.invoke('agentConfig', agentParams(ALL));
    s.calls.length = 0;
    return s;
  }

  it('getCurExternalContact / getCurExternalChat follow the entry', async () => {
    const { core } = await ready();
    expect(await core.invoke('getCurExternalContact', {})).toEqual({
      err_msg: 'getCurExternalContact:ok',
      userId: 'wmCUST1',
    });
    expect((await core.invoke('getCurExternalChat', {})).err_msg).toMatch(/^getCurExternalChat:fail without context/);
    const g = await ready({ 'GET /__sim/context': () => ({ entry: 'group_chat_tools', chatId: 'wrG' }) });
    expect(await g.core.invoke('getCurExternalChat', {})).toEqual({ err_msg: 'getCurExternalChat:ok', chatId: 'wrG' });
  });

  it('selectExternalContact answers a preset without UI', async () => {
    const { core, picks, calls } = await ready({ 'POST /__sim/pickers/take': () => ({ preset: ['wmA', 'wmB'] }) });
    expect(await core.invoke('selectExternalContact', { filterType: 0 })).toEqual({
      err_msg: 'selectExternalContact:ok',
      userIds: ['wmA', 'wmB'],
    });
    expect(picks).toHaveLength(0);
    expect(calls[0]).toEqual({ key: 'POST /__sim/pickers/take', body: { kind: 'externalContact' } });
  });

  it('selectExternalContact shows the caller’s customers and supports cancel', async () => {
    const { core, picks } = await ready({}, null);
    expect(await core.invoke('selectExternalContact', {})).toEqual({ err_msg: 'selectExternalContact:cancel' });
    expect(picks[0]?.items).toEqual([{ id: 'wmCUST1', name: '客户甲', note: '微信' }]);
    const chosen = await ready({}, ['wmCUST1']);
    expect(await chosen.core.invoke('selectExternalContact', {})).toEqual({
      err_msg: 'selectExternalContact:ok',
      userIds: ['wmCUST1'],
    });
  });

  it('selectEnterpriseContact returns result.userList with names and avatars', async () => {
    const { core, picks } = await ready({}, ['lisi', 'zhangsan']);
    const res = await core.invoke('selectEnterpriseContact', {
      fromDepartmentId: -1,
      mode: 'single',
      type: ['user'],
      selectedUserIds: ['lisi'],
    });
    expect(picks[0]).toMatchObject({ multi: false, selected: ['lisi'], title: '选择成员' });
    expect(res).toEqual({
      err_msg: 'selectEnterpriseContact:ok',
      result: {
        departmentList: [],
        userList: [
          { id: 'lisi', name: '李四', avatar: '' },
          { id: 'zhangsan', name: '张三', avatar: 'https://a/z.png' },
        ],
      },
    });
    const preset = await ready({ 'POST /__sim/pickers/take': () => ({ preset: ['zhangsan', 'ghost'] }) });
    const r2 = await preset.core.invoke('selectEnterpriseContact', { mode: 'multi' });
    expect(r2.result).toEqual({
      departmentList: [],
      userList: [
        { id: 'zhangsan', name: '张三', avatar: 'https://a/z.png' },
        { id: 'ghost', name: 'ghost', avatar: '' },
      ],
    });
  });

  it('openEnterpriseChat sends the caller and lists, toasts, returns chatId', async () => {
    const { core, calls, toasts } = await ready();
    // params as @wecom/jssdk builds them (joinList → "a;b")
    const res = await core.invoke('openEnterpriseChat', {
      chatId: '',
      chatname: '订单 42',
      groupName: '订单 42',
      useridlist: 'lisi;wangwu',
      userIds: 'lisi;wangwu',
      externalUserIds: 'wmCUST1',
    });
    expect(res).toEqual({ err_msg: 'openEnterpriseChat:ok', chatId: 'wrCHAT1' });
    expect(calls.find((c) => c.key === 'POST /__sim/client/open-enterprise-chat')?.body).toEqual({
      callerUserId: 'zhangsan',
      userIds: ['lisi', 'wangwu'],
      externalUserIds: ['wmCUST1'],
      groupName: '订单 42',
      appIdentity: true,
    });
    expect(toasts).toEqual(['已创建群聊 订单 42']);
  });

  it('openEnterpriseChat failures and single chats', async () => {
    const bad = await ready({
      'POST /__sim/client/open-enterprise-chat': () => ({ ok: false, errMsg: 'unsupported chat' }),
    });
    expect((await bad.core.invoke('openEnterpriseChat', { chatId: 'wrX' })).err_msg).toBe(
      'openEnterpriseChat:fail unsupported chat',
    );
    const single = await ready({
      'POST /__sim/client/open-enterprise-chat': () => ({ ok: true, chatId: null, kind: 'single' }),
    });
    expect(await single.core.invoke('openEnterpriseChat', { userIds: 'lisi' })).toEqual({
      err_msg: 'openEnterpriseChat:ok',
    });
    expect(single.toasts).toEqual(['已打开单聊']);
  });

  it('openExistedChatWithMsg posts the chatId with the caller and checks the message', async () => {
    const { core, calls } = await ready();
    expect((await core.invoke('openExistedChatWithMsg', { chatId: 'wrG' })).err_msg).toBe('openExistedChatWithMsg:ok');
    expect(calls.find((c) => c.key === 'POST /__sim/client/open-existed-chat')).toEqual({
      key: 'POST /__sim/client/open-existed-chat',
      body: { chatId: 'wrG', callerUserId: 'zhangsan' },
    });
    expect((await core.invoke('openExistedChatWithMsg', { chatId: 'wrG', msg: { msgtype: 'text' } })).err_msg).toBe(
      'openExistedChatWithMsg:fail_unsupported_msgtype',
    );
  });

  it('updateEnterpriseChat sends the caller, chatId and the ;-joined ids as a list, and toasts', async () => {
    const { core, calls, toasts } = await ready();
    // params as @wecom/jssdk builds them: userIdsToAdd joinList → "a;b"
    const res = await core.invoke('updateEnterpriseChat', { chatId: 'wrG', userIdsToAdd: 'lisi;wangwu' });
    expect(res).toEqual({ err_msg: 'updateEnterpriseChat:ok' });
    expect(calls.find((c) => c.key === 'POST /__sim/client/update-enterprise-chat')?.body).toEqual({
      callerUserId: 'zhangsan',
      chatId: 'wrG',
      userIdsToAdd: ['lisi', 'wangwu'],
    });
    expect(toasts).toEqual(['已添加 1 位成员到群聊']);
  });

  it('updateEnterpriseChat passes the client failure on', async () => {
    const { core, toasts } = await ready({
      'POST /__sim/client/update-enterprise-chat': () => ({
        ok: false,
        errMsg: 'updateEnterpriseChat:unsupported chat',
      }),
    });
    expect(await core.invoke('updateEnterpriseChat', { chatId: 'wrI', userIdsToAdd: ['lisi'] })).toEqual({
      err_msg: 'updateEnterpriseChat:unsupported chat',
    });
    expect(toasts).toEqual([]);
  });

  it('scanQRCode answers a preset without the overlay', async () => {
    const { core, scans, calls } = await ready({
      'POST /__sim/client/scan-qrcode': () => ({ ok: true, preset: 'https://app.test/o/42', suggestions: [] }),
    });
    expect(await core.invoke('scanQRCode', { needResult: 1, scanType: ['qrCode', 'barCode'] })).toEqual({
      err_msg: 'scanQRCode:ok',
      resultStr: 'https://app.test/o/42',
    });
    expect(scans).toHaveLength(0);
    expect(calls[0]).toEqual({ key: 'POST /__sim/client/scan-qrcode', body: {} });
  });

  it('scanQRCode shows the overlay with the scan type and suggestions; cancel → scanQRCode:cancel', async () => {
    const routes = {
      'POST /__sim/client/scan-qrcode': () => ({
        ok: true,
        preset: null,
        suggestions: [{ label: '订单 A1001', resultStr: 'https://app.test/o/1' }, { resultStr: 'X' }, { label: 'bad' }],
      }),
    };
    const cancelled = await ready(routes);
    expect(await cancelled.core.invoke('scanQRCode', { needResult: 1, scanType: ['barCode'] })).toEqual({
      err_msg: 'scanQRCode:cancel',
    });
    expect(cancelled.scans).toEqual([
      {
        scanType: ['barCode'],
        suggestions: [
          { label: '订单 A1001', resultStr: 'https://app.test/o/1' },
          { label: 'X', resultStr: 'X' },
        ],
      },
    ]);
    const typed = await ready(routes, null, { scanAnswer: '6901234567892' });
    expect(await typed.core.invoke('scanQRCode', { needResult: 1 })).toEqual({
      err_msg: 'scanQRCode:ok',
      resultStr: '6901234567892',
    });
    expect(typed.scans[0]?.scanType).toEqual(['qrCode', 'barCode']);
  });

  it('scanQRCode wraps resultStr the iOS way when the SDK thinks it runs on iOS', async () => {
    const { core } = await ready({}, null, { scanAnswer: 'hello', isIOS: true });
    const res = await core.invoke('scanQRCode', { needResult: 1 });
    expect(JSON.parse(String(res.resultStr))).toEqual({ scan_code: { scan_result: 'hello' } });
  });

  it('scanQRCode with needResult 0 opens a scanned web address itself and shows other text', async () => {
    const url = await ready({}, null, { scanAnswer: 'https://app.test/o/7?from=qr' });
    expect(await url.core.invoke('scanQRCode', { needResult: 0 })).toEqual({ err_msg: 'scanQRCode:ok' });
    expect(url.navigations).toEqual(['https://app.test/o/7?from=qr']);
    const text = await ready({}, null, { scanAnswer: 'javascript:alert(1)' });
    expect(await text.core.invoke('scanQRCode', { needResult: 0 })).toEqual({ err_msg: 'scanQRCode:ok' });
    expect(text.navigations).toEqual([]);
    expect(text.toasts).toEqual(['扫描结果：javascript:alert(1)']);
  });
});
