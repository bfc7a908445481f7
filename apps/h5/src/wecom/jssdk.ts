import * as ww from '@wecom/jssdk';
import type { Colleague, WecomSdk } from './sdk';

/** How long a WeCom UA may go without its bridge before we call the page "not inside WeCom". */
const BRIDGE_WAIT_MS = 3_000;

/** WecomSdk on the official SDK. @wecom/jssdk reads the user agent once, when it is first imported. */
export function createJssdk(win: Window = window): WecomSdk {
  let openData: Promise<boolean> | null = null;
  return {
    openData() {
      // Once per page: inside the client it waits for agentConfig, then asks the client for WWOpenData.
      openData ??= ww.initOpenData().then(
        () => true,
        () => false,
      );
      return openData;
    },
    bindOpenData: (el) => (win as { WWOpenData?: { bind(el: Element): void } }).WWOpenData?.bind(el),
    insideWecom: () => detectWecom(win),
    register: (options) => ww.register(options),
    ready: async () => void (await ww.ensureAgentConfigReady()),
    getContext: async () => (await ww.getContext()).entry,
    getCurExternalContact: async () => (await ww.getCurExternalContact()).userId,
    getCurExternalChat: async () => (await ww.getCurExternalChat()).chatId,
    selectExternalContact: async () => (await ww.selectExternalContact({ filterType: 0 })).userIds ?? [],
    async selectEnterpriseContact(selectedUserIds) {
      const res = await ww.selectEnterpriseContact({
        fromDepartmentId: -1,
        mode: ww.SelectEnterpriseContactMode.multi,
        type: [ww.SelectEnterpriseContactType.user],
        selectedUserIds,
      });
      return readUserList(res.result);
    },
    async openEnterpriseChat(params) {
      const res = await ww.openEnterpriseChat(params);
      return { chatId: res.chatId || null };
    },
    async openExistedChatWithMsg(chatId) {
      await ww.openExistedChatWithMsg({ chatId });
    },
    scanQRCode: async () =>
      (await ww.scanQRCode({ needResult: true, scanType: [ww.ScanQRCodeType.qrCode] })).resultStr ?? '',
    async updateEnterpriseChat(chatId, userIdsToAdd) {
      await ww.updateEnterpriseChat({ chatId, userIdsToAdd });
    },
  };
}

/** Same test as @wecom/jssdk (wxwork/x.y in the UA); the bridge itself may arrive a little later. */
function detectWecom(win: Window): Promise<boolean> {
  if (!/wxwork\/[\d.]+/i.test(win.navigator.userAgent)) return Promise.resolve(false);
  if ('WeixinJSBridge' in win && win.WeixinJSBridge) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), BRIDGE_WAIT_MS);
    win.document.addEventListener(
      'WeixinJSBridgeReady',
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      { once: true },
    );
  });
}

/** Some clients send `result` as a JSON string (seen in the wild; the simulator accepts both). */
function readUserList(result: unknown): Colleague[] {
  const parsed: unknown = typeof result === 'string' ? JSON.parse(result) : result;
  const list = (parsed as { userList?: Array<{ id: string; name?: string }> } | undefined)?.userList ?? [];
  return list.map((u) => ({ userId: u.id, name: u.name || u.id }));
}
