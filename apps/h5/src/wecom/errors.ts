/**
 * What went wrong in a JS-SDK call, read from what @wecom/jssdk rejects with: `{errMsg, errCode}`
 * where errMsg is `<api>:<keyword>` (platform-facts §3, the bridge README). errCode wins when the
 * client sends one; the keyword covers clients that only send text.
 */
export type SdkFailureKind =
  | 'cancelled'
  | 'client_too_old'
  | 'invalid_signature'
  | 'untrusted_domain'
  | 'no_permission'
  | 'config_incomplete'
  | 'not_contact'
  | 'no_context'
  | 'invalid_chat'
  | 'unknown';

export interface SdkFailure {
  kind: SdkFailureKind;
  api: string;
  errMsg: string;
  errCode: number | null;
}

const BY_CODE: Record<number, SdkFailureKind> = {
  40093: 'invalid_signature',
  // agentConfig signed with the corp ticket (platform-facts §2): still a signature problem.
  42012: 'invalid_signature',
  80001: 'untrusted_domain',
  48002: 'no_permission',
  84061: 'not_contact',
};

const BY_KEYWORD: Array<[RegExp, SdkFailureKind]> = [
  [/^cancel/, 'cancelled'],
  [/function not exist/, 'client_too_old'],
  [/invalid signature/, 'invalid_signature'],
  [/invalid url domain/, 'untrusted_domain'],
  [/permission denied|no permission/, 'no_permission'],
  // `fail_nopermission` loses its underscore in the SDK: config unfinished or API not listed.
  [/nopermission/, 'config_incomplete'],
  [/without context/, 'no_context'],
  // A chat that is gone, or that the caller is not in (the client cannot tell us which).
  [/invalid chatid/, 'invalid_chat'],
  // The client refuses customers the caller does not follow (simulator wording; UNCONFIRMED).
  [/invalid externaluserids/, 'not_contact'],
];

export function isSdkResult(err: unknown): err is { errMsg: string; errCode?: unknown } {
  return typeof err === 'object' && err !== null && typeof (err as { errMsg?: unknown }).errMsg === 'string';
}

export function classifySdkError(err: unknown): SdkFailure {
  if (!isSdkResult(err)) {
    const text = err instanceof Error ? err.message : String(err);
    return { kind: 'unknown', api: '', errMsg: text, errCode: null };
  }
  const colon = err.errMsg.indexOf(':');
  const api = colon === -1 ? '' : err.errMsg.slice(0, colon);
  const keyword = err.errMsg.slice(colon + 1).toLowerCase();
  const errCode = typeof err.errCode === 'number' && err.errCode > 0 ? err.errCode : null;
  const kind = (errCode !== null ? BY_CODE[errCode] : undefined) ?? byKeyword(keyword);
  return { kind, api, errMsg: err.errMsg, errCode };
}

function byKeyword(keyword: string): SdkFailureKind {
  return BY_KEYWORD.find(([pattern]) => pattern.test(keyword))?.[1] ?? 'unknown';
}
