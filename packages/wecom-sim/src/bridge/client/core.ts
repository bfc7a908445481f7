/**
 * The part of the fake WeCom client that decides what a JSAPI call answers.
 *
 * No DOM here: the page UI (picker, toast) and `fetch` come in as dependencies, so the
 * rules can be unit-tested in Node. `main.ts` wires it to `window.WeixinJSBridge`.
 *
 * Answers follow the WeixinJSBridge convention: an object with `err_msg` ("api:ok",
 * "api:fail …", "api:cancel") and optional `err_code`. @wecom/jssdk turns that into
 * `errMsg`/`errCode` itself (see README.md), so we never set `errMsg` here.
 */
import { failMsg, isRecord, str, toList } from './params.js';
import { scanQRCode, type ScanOptions } from './scan.js';

export type BridgeResult = { err_msg: string; err_code?: number } & Record<string, unknown>;

export interface PickItem {
  id: string;
  name: string;
  avatar?: string;
  /** Grey text after the name, e.g. "微信" for a WeChat customer. */
  note?: string;
}

export interface PickOptions {
  title: string;
  multi: boolean;
  items: PickItem[];
  selected: string[];
}

export interface BridgeUi {
  /** Resolves with the chosen ids, or null when the user cancels. */
  pick(options: PickOptions): Promise<string[] | null>;
  /** The 模拟扫一扫 overlay: resolves with the scanned text, or null when the user cancels. */
  scan(options: ScanOptions): Promise<string | null>;
  /** A short message that closes itself. */
  toast(text: string): void;
}

export interface BridgeCoreDeps {
  /** Where the simulator's `/__sim/*` endpoints live, without a trailing slash. */
  simBase: string;
  fetch: typeof fetch;
  ui: BridgeUi;
  /** The page URL as WeCom would sign it: `location.href` cut at `#`. */
  pageUrl: () => string;
  /** Opens a URL in the page, as the client does with a scan it handles itself (needResult 0). */
  navigate: (url: string) => void;
  /** Whether @wecom/jssdk takes this for iOS (it unwraps scanQRCode's resultStr there). */
  isIOS: boolean;
  /** Puts `window.WWOpenData` on the page (the client's open-data renderer), naming staff by id. */
  installOpenData?: (staffNames: Record<string, string>) => void;
}

export interface BridgeCore {
  invoke(name: string, params: Record<string, unknown>): Promise<BridgeResult>;
  /** For tests and debugging. */
  state(): { corp: VerifiedConfig | null; agent: VerifiedConfig | null };
}

export interface VerifiedConfig {
  corpId: string;
  agentId?: string;
  url: string;
  jsApiList: string[];
}

interface VerifyAnswer {
  ok: boolean;
  errMsg?: string;
  errCode?: number;
}

interface SimContext {
  entry: string;
  externalUserId?: string | null;
  chatId?: string | null;
}

interface Directory {
  staff: Array<{ userId: string; name: string; avatar?: string; departmentIds?: unknown[] }>;
  customers: Array<{
    externalUserId: string;
    name: string;
    type?: number | string;
    avatar?: string;
    followers?: unknown[];
  }>;
}

/** What @wecom/jssdk's initOpenData invokes inside the client when WWOpenData is not there yet. */
const OPEN_DATA = 'wwapp.initWwOpenData';

/** APIs the bridge implements (client names, as @wecom/jssdk invokes them). */
const IMPLEMENTED = new Set([
  'getContext',
  'getCurExternalContact',
  'getCurExternalChat',
  'selectExternalContact',
  'selectEnterpriseContact',
  'openEnterpriseChat',
  'openExistedChatWithMsg',
  'updateEnterpriseChat',
  'scanQRCode',
  'checkJsApi',
  OPEN_DATA,
]);

/** Harmless UI calls that answer ok without doing anything visible. */
const NO_OP_OK = new Set([
  'hideOptionMenu',
  'showOptionMenu',
  'hideMenuItems',
  'showMenuItems',
  'hideAllNonBaseMenuItem',
  'showAllNonBaseMenuItem',
]);

/** APIs WeCom only allows after a successful agentConfig (app identity). */
const NEEDS_APP_IDENTITY = new Set([
  'getCurExternalContact',
  'getCurExternalChat',
  'selectExternalContact',
  'openExistedChatWithMsg',
  'updateEnterpriseChat',
]);

const CONTACT_ENTRIES = new Set(['contact_profile', 'single_chat_tools']);

export function createBridgeCore(deps: BridgeCoreDeps): BridgeCore {
  let corp: VerifiedConfig | null = null;
  let agent: VerifiedConfig | null = null;

  async function sim<T>(path: string, body?: unknown): Promise<T> {
    const init: RequestInit =
      body === undefined
        ? { method: 'GET' }
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const res = await deps.fetch(`${deps.simBase}${path}`, init);
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : {};
    } catch {
      throw new Error(`simulator ${path} answered ${res.status} with non-JSON: ${text.slice(0, 200)}`);
    }
    // Control endpoints may answer {ok:false,…} with a 4xx status: that is still an answer.
    if (!res.ok && !(isRecord(data) && data.ok === false)) {
      throw new Error(`simulator ${path} answered ${res.status}: ${text.slice(0, 200)}`);
    }
    return data as T;
  }

  async function verify(name: 'preVerifyJSAPI' | 'agentConfig', p: Record<string, unknown>): Promise<BridgeResult> {
    const isAgent = name === 'agentConfig';
    const url = deps.pageUrl();
    const jsApiList = toList(isAgent ? p.jsApiList : p.verifyJsApiList);
    const corpId = str(isAgent ? p.corpid : (p.verifyAppId ?? p.appId));
    const agentId = str(p.agentid);
    const answer = await sim<VerifyAnswer>('/__sim/jsapi/verify', {
      kind: isAgent ? 'agent' : 'corp',
      corpId,
      ...(isAgent ? { agentId } : {}),
      url,
      timestamp: str(isAgent ? p.timestamp : p.verifyTimestamp),
      nonceStr: str(isAgent ? p.nonceStr : p.verifyNonceStr),
      signature: str(isAgent ? p.signature : p.verifySignature),
      jsApiList,
    });
    const label = isAgent ? 'agentConfig' : 'config';
    if (!answer.ok) {
      if (isAgent) agent = null;
      else corp = null;
      const errMsg = answer.errMsg || 'fail';
      // Real clients append a help link, e.g. "agentConfig:invalid signature more info at …?e=40093".
      const more = answer.errCode
        ? ` more info at https://open.work.weixin.qq.com/devtool/query?e=${answer.errCode}`
        : '';
      return { err_msg: `${label}:${errMsg}${more}`, ...(answer.errCode ? { err_code: answer.errCode } : {}) };
    }
    const verified: VerifiedConfig = { corpId, url, jsApiList, ...(isAgent ? { agentId } : {}) };
    if (isAgent) agent = verified;
    else corp = verified;
    return { err_msg: `${label}:ok`, checkResult: checkResult(jsApiList) };
  }

  /** null when the call may go ahead, otherwise the error answer. */
  function gate(name: string, p: Record<string, unknown>): BridgeResult | null {
    if (!IMPLEMENTED.has(name) && !NO_OP_OK.has(name)) {
      return { err_msg: `${name}:function not exist` };
    }
    if (name === 'checkJsApi') return null;
    if (!corp && !agent) {
      // No successful config/agentConfig on this page.
      return { err_msg: `${name}:fail_nopermission` };
    }
    const allowed = new Set([...(corp?.jsApiList ?? []), ...(agent?.jsApiList ?? [])]);
    // The SDK's own internal call: pages never list it (UNCONFIRMED whether the client checks it).
    if (name === OPEN_DATA) return agent ? null : { err_msg: `${name}:fail no permission` };
    if (!allowed.has(name)) {
      return { err_msg: `${name}:fail_nopermission` };
    }
    const wantsAppIdentity = NEEDS_APP_IDENTITY.has(name) || (name === 'openEnterpriseChat' && !!str(p.chatId));
    if (wantsAppIdentity && !agent) {
      return { err_msg: `${name}:fail no permission` };
    }
    return null;
  }

  async function directory(): Promise<Directory> {
    const d = await sim<Partial<Directory>>('/__sim/directory');
    return { staff: d.staff ?? [], customers: d.customers ?? [] };
  }

  async function sessionUserId(): Promise<string | undefined> {
    const s = await sim<{ userId?: string | null }>('/__sim/session');
    return s.userId ?? undefined;
  }

  async function takePreset(kind: 'externalContact' | 'enterpriseContact'): Promise<string[] | null> {
    const r = await sim<{ preset?: string[] | null }>('/__sim/pickers/take', { kind });
    return Array.isArray(r.preset) ? r.preset.map(String) : null;
  }

  const handlers: Record<string, (p: Record<string, unknown>) => Promise<BridgeResult>> = {
    async [OPEN_DATA]() {
      const dir = await directory();
      deps.installOpenData?.(Object.fromEntries(dir.staff.map((s) => [s.userId, s.name])));
      return { err_msg: `${OPEN_DATA}:ok` };
    },
    async checkJsApi(p) {
      return { err_msg: 'checkJsApi:ok', checkResult: checkResult(toList(p.jsApiList)) };
    },

    async getContext() {
      const ctx = await sim<SimContext>('/__sim/context');
      return { err_msg: 'getContext:ok', entry: ctx.entry || 'normal' };
    },

    async getCurExternalContact() {
      const ctx = await sim<SimContext>('/__sim/context');
      if (!CONTACT_ENTRIES.has(ctx.entry) || !ctx.externalUserId) {
        return { err_msg: 'getCurExternalContact:fail without context of external contact' };
      }
      return { err_msg: 'getCurExternalContact:ok', userId: ctx.externalUserId };
    },

    async getCurExternalChat() {
      const ctx = await sim<SimContext>('/__sim/context');
      if (ctx.entry !== 'group_chat_tools' || !ctx.chatId) {
        return { err_msg: 'getCurExternalChat:fail without context of external contact' };
      }
      return { err_msg: 'getCurExternalChat:ok', chatId: ctx.chatId };
    },

    async selectExternalContact() {
      let ids = await takePreset('externalContact');
      if (!ids) {
        const [dir, me] = await Promise.all([directory(), sessionUserId()]);
        // Only the caller's own customers, as in WeCom; show everyone when we cannot tell.
        const mine = dir.customers.filter((c) => !me || !c.followers || followerIds(c.followers).includes(me));
        ids = await deps.ui.pick({
          title: '选择客户',
          multi: true,
          selected: [],
          items: mine.map((c) => ({
            id: c.externalUserId,
            name: c.name,
            note: customerTypeLabel(c.type),
            ...(c.avatar ? { avatar: c.avatar } : {}),
          })),
        });
        if (!ids) return { err_msg: 'selectExternalContact:cancel' };
      }
      return { err_msg: 'selectExternalContact:ok', userIds: ids };
    },

    async selectEnterpriseContact(p) {
      const preset = await takePreset('enterpriseContact');
      const dir = await directory();
      let ids = preset;
      if (!ids) {
        ids = await deps.ui.pick({
          title: '选择成员',
          multi: str(p.mode) !== 'single',
          selected: toList(p.selectedUserIds),
          items: dir.staff.map((s) => ({ id: s.userId, name: s.name, ...(s.avatar ? { avatar: s.avatar } : {}) })),
        });
        if (!ids) return { err_msg: 'selectEnterpriseContact:cancel' };
      }
      const byId = new Map(dir.staff.map((s) => [s.userId, s]));
      const userList = ids.map((id) => {
        const s = byId.get(id);
        return { id, name: s?.name ?? id, avatar: s?.avatar ?? '' };
      });
      return { err_msg: 'selectEnterpriseContact:ok', result: { departmentList: [], userList } };
    },

    async openEnterpriseChat(p) {
      const chatId = str(p.chatId);
      const groupName = str(p.groupName ?? p.chatname);
      const userIds = toList(p.userIds ?? p.useridlist);
      const externalUserIds = toList(p.externalUserIds);
      const callerUserId = await sessionUserId();
      const r = await sim<{ ok: boolean; chatId?: string | null; kind?: 'single' | 'group'; errMsg?: string }>(
        '/__sim/client/open-enterprise-chat',
        { callerUserId, userIds, externalUserIds, groupName, ...(chatId ? { chatId } : {}), appIdentity: !!agent },
      );
      if (!r.ok) return { err_msg: failMsg('openEnterpriseChat', r.errMsg) };
      if (r.kind === 'single') deps.ui.toast('已打开单聊');
      else if (chatId) deps.ui.toast(`已打开群聊${groupName ? ` ${groupName}` : ''}`);
      else deps.ui.toast(`已创建群聊 ${groupName || '群聊'}`);
      // WeCom returns chatId only to pages registered with app identity.
      return { err_msg: 'openEnterpriseChat:ok', ...(r.chatId ? { chatId: r.chatId } : {}) };
    },

    async openExistedChatWithMsg(p) {
      const chatId = str(p.chatId);
      const msg = p.msg;
      if (isRecord(msg)) {
        if (msg.msgtype !== 'link') return { err_msg: 'openExistedChatWithMsg:fail_unsupported_msgtype' };
        if (!isRecord(msg.link) || !str(msg.link.url)) {
          return { err_msg: 'openExistedChatWithMsg:fail_msg_link_missing_url' };
        }
      }
      const callerUserId = await sessionUserId();
      const r = await sim<{ ok?: boolean; errMsg?: string }>('/__sim/client/open-existed-chat', {
        chatId,
        ...(callerUserId ? { callerUserId } : {}),
      });
      if (r.ok === false) return { err_msg: failMsg('openExistedChatWithMsg', r.errMsg) };
      deps.ui.toast(isRecord(msg) ? '已打开群聊并发送消息' : '已打开群聊');
      return { err_msg: 'openExistedChatWithMsg:ok' };
    },

    async updateEnterpriseChat(p) {
      const chatId = str(p.chatId);
      const userIdsToAdd = toList(p.userIdsToAdd);
      const callerUserId = await sessionUserId();
      const r = await sim<{ ok: boolean; added?: string[]; errMsg?: string }>('/__sim/client/update-enterprise-chat', {
        callerUserId,
        chatId,
        userIdsToAdd,
      });
      if (!r.ok) return { err_msg: failMsg('updateEnterpriseChat', r.errMsg) };
      const added = r.added?.length ?? 0;
      deps.ui.toast(added ? `已添加 ${added} 位成员到群聊` : '成员已在群聊中');
      return { err_msg: 'updateEnterpriseChat:ok' };
    },

    scanQRCode: (p) =>
      scanQRCode(
        {
          sim,
          scan: (o) => deps.ui.scan(o),
          toast: (t) => deps.ui.toast(t),
          navigate: deps.navigate,
          isIOS: deps.isIOS,
        },
        p,
      ),
  };

  return {
    async invoke(name, params) {
      try {
        if (name === 'preVerifyJSAPI' || name === 'agentConfig') return await verify(name, params);
        const denied = gate(name, params);
        if (denied) return denied;
        const handler = handlers[name];
        if (!handler) return { err_msg: `${name}:ok` }; // NO_OP_OK
        return await handler(params);
      } catch (e) {
        console.error('[wecom-sim bridge]', name, e);
        return { err_msg: `${name}:fail ${e instanceof Error ? e.message : String(e)}` };
      }
    },
    state: () => ({ corp, agent }),
  };
}

function checkResult(list: string[]): Record<string, boolean> {
  return Object.fromEntries(list.map((api) => [api, IMPLEMENTED.has(api) || NO_OP_OK.has(api)]));
}

function followerIds(followers: unknown[]): string[] {
  return followers.map((f) => (isRecord(f) ? str(f.userId ?? f.userid) : str(f)));
}

function customerTypeLabel(type: unknown): string {
  if (type === 1 || type === '1' || type === 'wechat') return '微信';
  if (type === 2 || type === '2' || type === 'wecom') return '企业微信';
  return '';
}
