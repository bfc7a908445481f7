/**
 * WeCom-style failures for `/cgi-bin`: HTTP 200 with `{errcode, errmsg}`.
 * Codes come from the global error catalogue (platform-facts §1, and the public copy of
 * the official "全局错误码" list). Clients must branch on errcode; errmsg is approximate.
 */
const MESSAGES: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40003: 'invalid userid',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40050: 'invalid chatid',
  40056: 'invalid agentid',
  40058: 'invalid parameter',
  40096: 'invalid external userid',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41008: 'missing code',
  41009: 'missing userid',
  41035: 'missing external userid',
  41043: 'missing config_id',
  41044: 'invalid config_id',
  41045: 'join way count exceeds limit',
  40128: 'transfer too frequently',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  46004: 'user not found',
  47001: 'data format error',
  48002: 'api forbidden',
  60111: 'userid not found',
  84061: 'not external contact',
  84074: 'no external contact permission',
  90500: 'the owner of this chat is not resigned',
  90501: 'chat is not external group chat',
  90502: 'the owner of this chat has resigned',
  90504: 'the owner of this chat is not changed',
  90507: 'the transfer of this chat is in progress',
  90508: 'this chat has already been transferred',
  91040: 'invalid ticket type',
};

export class WecomError extends Error {
  constructor(
    readonly errcode: number,
    readonly detail?: string,
  ) {
    super(formatErrmsg(errcode, detail));
    this.name = 'WecomError';
  }

  toBody(): { errcode: number; errmsg: string } {
    return { errcode: this.errcode, errmsg: this.message };
  }
}

export function formatErrmsg(errcode: number, detail?: string): string {
  const base = MESSAGES[errcode] ?? 'simulated error';
  const extra = detail ? `, ${detail}` : '';
  return `${base}${extra}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}
