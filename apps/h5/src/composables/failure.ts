import { isApiFailure, type ApiFailure } from '../api/errors';
import { classifySdkError, isSdkResult, type SdkFailure, type SdkFailureKind } from '../wecom/errors';
import { diagnoseSignature } from '../wecom/signature-diagnosis';
import { isGroupUnreachable, type GroupUnreachable } from '../stores/group-unreachable';

/** The client's own failures (less those handled without a message) plus the page's and the server's. */
export type FailureKind =
  | Exclude<SdkFailureKind, 'cancelled' | 'no_context'>
  | 'outside_wecom'
  | 'network'
  | 'forbidden'
  | 'order_not_found'
  | 'signing_refused'
  | 'chat_elsewhere'
  | 'chat_dismissed'
  | 'not_in_group'
  | 'server';

/**
 * A failure as the staff member reads it: what happened and what to do, in short Chinese. The raw
 * facts (HTTP status, codes, the client's English errMsg, URLs, settings for the admin) are
 * `details`, shown only behind 「详情」 for whoever supports them.
 */
export interface Failure {
  kind: FailureKind;
  title: string;
  fix: string;
  details: string[];
  /** Offered as a button when trying again can help. */
  retry?: () => void;
}

export interface FailureContext {
  /** The URL the JS-SDK asked us to sign (null before registration). */
  signedUrl: string | null;
  /** location.href when the failure happened. */
  currentUrl: string;
  /** The URL the page was entered with (iOS WeCom verifies signatures against it). */
  landingUrl?: string;
}

const ASK_ADMIN = '仍不行请把「详情」发给管理员。';

export const OUTSIDE_WECOM: Omit<Failure, 'retry'> = {
  kind: 'outside_wecom',
  title: '请在企业微信中打开此页面',
  fix: '请用手机企业微信「扫一扫」扫描下方二维码。',
  details: [],
};

export function describeFailure(err: unknown, ctx: FailureContext): Failure {
  if (isGroupUnreachable(err)) return unreachable(err);
  if (isApiFailure(err)) return fromApi(err);
  if (isSdkResult(err)) return fromSdk(classifySdkError(err), ctx);
  const text = err instanceof Error ? err.message : String(err);
  return { kind: 'unknown', title: '出现了意外错误', fix: `请刷新页面。${ASK_ADMIN}`, details: [text] };
}

function fromApi(err: ApiFailure): Failure {
  const details = [`${err.status || '无响应'} ${err.code}: ${err.message}`];
  if (err.network) {
    return { kind: 'network', title: '网络连接失败', fix: '请检查手机网络后点「重试」。', details };
  }
  if (err.code === 'invalid_order_id') {
    return { kind: 'order_not_found', title: '订单号无效', fix: '请重新扫描订单二维码。', details };
  }
  if (err.status === 403 && err.code !== 'cross_origin') {
    return {
      kind: 'forbidden',
      title: '你不是此订单的服务人员',
      fix: '请联系订单负责人把你加入该订单。',
      details,
    };
  }
  if (err.status === 404) {
    // The server answers 404 too for an order the staff member is not on (it does not say which).
    return {
      kind: 'order_not_found',
      title: '找不到这个订单',
      fix: '请确认二维码无误。若订单刚录入或你不在订单上，请联系订单负责人。',
      details,
    };
  }
  if (err.code === 'chat_bound_elsewhere') {
    return {
      kind: 'chat_elsewhere',
      title: '这个群已绑定其他订单',
      fix: '一个群只服务一个订单，请为本订单新建群。',
      details,
    };
  }
  if (err.code === 'group_dismissed') {
    return { kind: 'chat_dismissed', title: '这个群已被解散', fix: '请再按「一键建群」新建一个群。', details };
  }
  if (err.code === 'wecom_api_forbidden') return noPermission(details);
  if (err.code === 'wecom_not_external_contact') return notContact(details);
  if (err.code.startsWith('url_')) {
    return {
      kind: 'signing_refused',
      title: '此页面地址无法使用',
      fix: `请从订单二维码重新打开本页。${ASK_ADMIN}`,
      details: [...details, '管理员：请检查 PUBLIC_URL / TRUSTED_ORIGINS 是否包含此地址。'],
    };
  }
  if (err.status >= 500 || err.code.startsWith('wecom_')) {
    return { kind: 'server', title: '服务暂时不可用', fix: '请稍后点「重试」。', details };
  }
  return { kind: 'unknown', title: '请求失败', fix: `请点「重试」。${ASK_ADMIN}`, details };
}

function fromSdk(f: SdkFailure, ctx: FailureContext): Failure {
  const details = [f.errCode ? `${f.errMsg}（错误码 ${f.errCode}）` : f.errMsg];
  switch (f.kind) {
    case 'client_too_old':
      return {
        kind: 'client_too_old',
        title: '企业微信版本过低',
        fix: '请把企业微信升级到最新版本后重新打开本页。',
        details: [...details, '需要企业微信 3.1.8 或更高版本。'],
      };
    case 'invalid_signature':
      return invalidSignature(details, ctx);
    case 'untrusted_domain':
      return {
        kind: 'untrusted_domain',
        title: '页面域名未获企业微信信任',
        fix: `请把「详情」发给管理员，设置本页域名为可信域名。`,
        details: [
          ...details,
          `管理员：把 ${hostOf(ctx.currentUrl)} 设为可信域名（管理后台 → 应用管理 → 本应用 → 网页授权及JS-SDK）。`,
        ],
      };
    case 'no_permission':
      return noPermission(details);
    case 'config_incomplete':
      return {
        kind: 'config_incomplete',
        title: '企业微信接口尚未就绪',
        fix: `请点「重试」。${ASK_ADMIN}`,
        details: [...details, '管理员：请检查应用的可信域名与页面签名。'],
      };
    case 'not_contact':
      return notContact(details);
    default:
      return { kind: 'unknown', title: '企业微信操作失败', fix: `请点「重试」。${ASK_ADMIN}`, details };
  }
}

/** The diagnosis is for the admin; staff read only what to do now. */
function invalidSignature(details: string[], ctx: FailureContext): Failure {
  const findings = diagnoseSignature({ ...ctx, landingUrl: ctx.landingUrl ?? ctx.currentUrl });
  const current = ctx.currentUrl.split('#')[0] ?? ctx.currentUrl;
  return {
    kind: 'invalid_signature',
    title: '页面签名无效',
    fix: `请从订单二维码重新打开本页。${ASK_ADMIN}`,
    details: [`签名地址：${ctx.signedUrl ?? '（尚未签名）'}`, `当前地址：${current}`, ...findings, ...details],
  };
}

function unreachable(err: GroupUnreachable): Failure {
  const details = [err.clientMessage];
  if (err.reason === 'dismissed') {
    return {
      kind: 'chat_dismissed',
      title: '这个群已被解散',
      fix: '企业微信里已没有这个群。请按「一键建群」为本订单新建一个群。',
      details,
    };
  }
  if (err.reason === 'not_member') {
    // updateEnterpriseChat only works for someone already in the group: nobody can add themselves.
    const owner = err.ownerName ? `群主${err.ownerName}` : '群主';
    return {
      kind: 'not_in_group',
      title: '你不在这个客户群里',
      fix: `请${owner}在企业微信里把你加入群聊，之后再点「进入客户群」。`,
      details,
    };
  }
  return { kind: 'unknown', title: '企业微信打不开这个群', fix: `请稍后点「重试」。${ASK_ADMIN}`, details };
}

function noPermission(details: string[]): Failure {
  return {
    kind: 'no_permission',
    title: '应用没有客户联系权限',
    fix: '请管理员在「客户联系 → 可调用接口的应用」中加入本应用，并确认你已开通客户联系。',
    details,
  };
}

function notContact(details: string[]): Failure {
  return {
    kind: 'not_contact',
    title: '该客户还不是你的企业微信客户',
    fix: '请先添加该客户，或点「选择客户」换一位。',
    details,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
