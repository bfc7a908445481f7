/**
 * The WeCom JS-SDK calls this page uses, and nothing else. `jssdk.ts` implements it with
 * @wecom/jssdk; tests pass a fake. Failed calls reject with what @wecom/jssdk rejects with
 * (`{errMsg, errCode}`, or an Error), so `errors.ts` classifies real and fake failures alike.
 */

export interface Signature {
  timestamp: number | string;
  nonceStr: string;
  signature: string;
}

export interface RegisterOptions {
  corpId: string;
  agentId: string;
  jsApiList: string[];
  getConfigSignature(url: string): Promise<Signature>;
  getAgentConfigSignature(url: string): Promise<Signature>;
}

/** `getContext().entry`: where the page was opened (platform-facts §4). */
export type Entry =
  | 'normal'
  | 'contact_profile'
  | 'single_chat_tools'
  | 'group_chat_tools'
  | 'chat_attachment'
  | 'single_kf_tools'
  | (string & {});

export interface Colleague {
  userId: string;
  name: string;
}

export interface OpenChatParams {
  groupName: string;
  userIds: string[];
  externalUserIds: string[];
}

export interface WecomSdk {
  /** Inside the WeCom app with its JS bridge (false: a plain browser, or WeChat). */
  insideWecom(): Promise<boolean>;
  register(options: RegisterOptions): void;
  /** Resolves once the app identity (agentConfig) is verified; rejects with the client's error. */
  ready(): Promise<void>;
  getContext(): Promise<Entry>;
  /** The customer of the chat or profile the page was opened from. */
  getCurExternalContact(): Promise<string>;
  /** The customer group whose toolbar opened the page. */
  getCurExternalChat(): Promise<string>;
  /** The staff member picks customers among their own contacts. */
  selectExternalContact(): Promise<string[]>;
  selectEnterpriseContact(selectedUserIds: string[]): Promise<Colleague[]>;
  /** Creates the group (or a one-to-one chat); the chatId comes back only under app identity on ≥ 3.0.36. */
  openEnterpriseChat(params: OpenChatParams): Promise<{ chatId: string | null }>;
  /**
   * Opens an existing group without a message: nothing is sent to the customers (the only page we
   * have is for staff; a customer would meet 「仅限企业成员使用」).
   */
  openExistedChatWithMsg(chatId: string): Promise<void>;
  /** Adds staff to a customer group the caller is in (app identity, WeCom ≥ 3.0.36; staff only). */
  updateEnterpriseChat(chatId: string, userIdsToAdd: string[]): Promise<void>;
  /**
   * WeCom's open-data renderer (`<ww-open-data>`): names of staff the page has no name for (new
   * self-built apps get none from user/get). False when the client cannot provide it.
   */
  openData(): Promise<boolean>;
  /** Has the client render an `<ww-open-data>` element (after openData() said true). */
  bindOpenData(el: Element): void;
  /** The camera: what a QR code (an order's page URL, we hope) holds. */
  scanQRCode(): Promise<string>;
}

/** Everything the page asks for in `register`; an API missing here answers `nopermission`. */
export const JS_API_LIST = [
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
