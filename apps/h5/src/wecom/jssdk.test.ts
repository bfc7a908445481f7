import { beforeAll, describe, expect, it, vi } from 'vitest';
import { classifySdkError } from './errors';
import type { WecomSdk } from './sdk';

/**
 * Our adapter on the real @wecom/jssdk, with a WeixinJSBridge that answers like the client
 * (raw `err_msg`/`err_code`). The SDK reads the user agent and the bridge when first imported,
 * so both are in place before the dynamic import below.
 */
type Answer = Record<string, unknown> & { err_msg: string };
const invoked: Array<{ name: string; params: Record<string, unknown> }> = [];
const answers: Record<string, (params: Record<string, unknown>) => Answer> = {
  agentConfig: (p) =>
    p.signature === 'agent-sig'
      ? { err_msg: 'agentConfig:ok', checkResult: {} }
      : {
          err_msg: 'agentConfig:invalid signature more info at https://open.work.weixin.qq.com/devtool/query?e=40093',
          err_code: 40093,
        },
  getContext: () => ({ err_msg: 'getContext:ok', entry: 'single_chat_tools' }),
  getCurExternalContact: () => ({ err_msg: 'getCurExternalContact:ok', userId: 'wmCustomer' }),
  getCurExternalChat: () => ({ err_msg: 'getCurExternalChat:fail without context of external contact' }),
  selectExternalContact: () => ({ err_msg: 'selectExternalContact:ok', userIds: ['wmA', 'wmB'] }),
  // Some clients send `result` as a JSON string.
  selectEnterpriseContact: () => ({
    err_msg: 'selectEnterpriseContact:ok',
    result: JSON.stringify({ departmentList: [], userList: [{ id: 'lisi', name: '李四', avatar: '' }] }),
  }),
  openEnterpriseChat: () => ({ err_msg: 'openEnterpriseChat:ok', chatId: 'wrCreated' }),
  openExistedChatWithMsg: () => ({ err_msg: 'openExistedChatWithMsg:fail_unsupported_msgtype' }),
};

let sdk: WecomSdk;
let agentSignature = 'agent-sig';

beforeAll(async () => {
  Object.defineProperty(window.navigator, 'userAgent', {
    value: 'Mozilla/5.0 (iPhone) wxwork/4.1.30 MicroMessenger/7.0.1 Language/zh',
    configurable: true,
  });
  Object.defineProperty(window, 'WeixinJSBridge', {
    configurable: true,
    value: {
      invoke(name: string, params: Record<string, unknown>, callback: (res: Answer) => void) {
        invoked.push({ name, params });
        const answer = answers[name]?.(params) ?? { err_msg: `${name}:function not exist` };
        setTimeout(() => callback(answer), 0);
      },
      on() {},
    },
  });
  const { createJssdk } = await import('./jssdk');
  sdk = createJssdk();
  sdk.register({
    corpId: 'wwcorp',
    agentId: '1000002',
    jsApiList: ['getContext', 'openEnterpriseChat'],
    getConfigSignature: async () => ({ timestamp: 1, nonceStr: 'n', signature: 'corp-sig' }),
    getAgentConfigSignature: async () => ({ timestamp: 1, nonceStr: 'n', signature: agentSignature }),
  });
});

const lastParams = (name: string) => invoked.filter((c) => c.name === name).at(-1)?.params;

describe('createJssdk on @wecom/jssdk', () => {
  it('knows it is inside WeCom from the UA and the bridge', async () => {
    expect(await sdk.insideWecom()).toBe(true);
  });

  it('runs agentConfig with our corp, agent and agent signature', async () => {
    await sdk.ready();
    expect(lastParams('agentConfig')).toMatchObject({
      corpid: 'wwcorp',
      agentid: '1000002',
      signature: 'agent-sig',
      nonceStr: 'n',
      jsApiList: ['getContext', 'openEnterpriseChat'],
    });
  });

  it('reads the entry and the current customer', async () => {
    expect(await sdk.getContext()).toBe('single_chat_tools');
    expect(await sdk.getCurExternalContact()).toBe('wmCustomer');
    expect(await sdk.selectExternalContact()).toEqual(['wmA', 'wmB']);
  });

  it('reads the colleague picker result even as a JSON string', async () => {
    expect(await sdk.selectEnterpriseContact(['wangwu'])).toEqual([{ userId: 'lisi', name: '李四' }]);
    expect(lastParams('selectEnterpriseContact')).toMatchObject({
      mode: 'multi',
      type: ['user'],
      selectedUserIds: ['wangwu'],
    });
  });

  it('creates a chat with the lists and returns its chatId', async () => {
    const result = await sdk.openEnterpriseChat({ groupName: '群', userIds: ['a', 'b'], externalUserIds: ['wmA'] });
    expect(result).toEqual({ chatId: 'wrCreated' });
    expect(lastParams('openEnterpriseChat')).toMatchObject({ groupName: '群' });
  });

  it('opens the group without a message and rejects with a classifiable client answer', async () => {
    const err = await sdk.openExistedChatWithMsg('wrX').catch((e: unknown) => e);
    expect(lastParams('openExistedChatWithMsg')).toMatchObject({ chatId: 'wrX' });
    expect(lastParams('openExistedChatWithMsg')).not.toHaveProperty('msg');
    expect(err).toMatchObject({ errMsg: 'openExistedChatWithMsg:unsupportedmsgtype' });
  });

  it('surfaces "without context" so the page can fall back', async () => {
    const err = await sdk.getCurExternalChat().catch((e: unknown) => e);
    expect(classifySdkError(err).kind).toBe('no_context');
  });

  it('an agentConfig rejected for its signature reads as invalid_signature with 40093', async () => {
    agentSignature = 'wrong';
    window.history.replaceState(null, '', '/orders/A2'); // a new URL makes the SDK sign again
    const err = await sdk.ready().catch((e: unknown) => e);
    expect(classifySdkError(err)).toMatchObject({ kind: 'invalid_signature', errCode: 40093 });
  });

  it('a plain browser (no wxwork in the UA) is outside WeCom', async () => {
    const { createJssdk } = await import('./jssdk');
    const browser = { navigator: { userAgent: 'Mozilla/5.0 Chrome/130' }, document } as unknown as Window;
    expect(await createJssdk(browser).insideWecom()).toBe(false);
  });

  it('waits for a late bridge, and gives up on a WeCom UA without one', async () => {
    const { createJssdk } = await import('./jssdk');
    const wecomUa = { userAgent: 'Mozilla/5.0 wxwork/4.1.30' };
    const late = new EventTarget();
    const arriving = createJssdk({ navigator: wecomUa, document: late } as unknown as Window).insideWecom();
    late.dispatchEvent(new Event('WeixinJSBridgeReady'));
    expect(await arriving).toBe(true);

    vi.useFakeTimers();
    try {
      const never = createJssdk({ navigator: wecomUa, document: new EventTarget() } as unknown as Window).insideWecom();
      await vi.advanceTimersByTimeAsync(3_000);
      expect(await never).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
