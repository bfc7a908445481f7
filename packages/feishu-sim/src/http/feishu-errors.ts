import { randomHex } from '../random';

/**
 * Feishu-style failures for `/open-apis`: `{code, msg, error:{log_id,…}}`, mostly with HTTP 400
 * (the im/v1 error tables list 400 for every 23xxxx code). Wordings follow the public error
 * tables where we found them (platform-facts §9, §10, §14 and the im/v1 pages); callers must
 * branch on `code`, never on `msg`.
 */
const MESSAGES: Record<number, string> = {
  9499: 'Bad Request',
  10003: 'invalid param',
  10014: 'app secret invalid',
  99991400: 'request trigger frequency limit',
  99991663: 'Invalid access token for authorization. Please make a request with token attached.',
  230001: 'Your request contains an invalid request parameter.',
  230002: 'The bot can not be outside the group.',
  230013: 'Bot has NO availability to this user.',
  232001: 'Your request contains an invalid request parameter.',
  232006: 'Your request specifies a chat_id which is invalid.',
  232008: 'Your request specifies a chat whose type is NOT supported currently.',
  232009: 'Your request specifies a chat which has already been dissolved.',
  232011: 'Operator can NOT be out of the chat.',
  232012: 'New chat owner can NOT be out of the chat.',
  232015: 'Your request specifies a member_id_type which is NOT supported.',
  232019: 'The request has been rate limited.',
  232030: 'Your request specifies a user_id which is invalid.',
  232031: 'The chat and the new designated chat owner must be in the same tenant.',
  232032: 'The owner of an external chat must be a user of the tenant.',
  232033: 'The operator or invited bots does NOT have the authority to manage external chats without the scope.',
  232043: 'Your request contains ids which are unavailable to the app.',
  232068: 'The chat is being created, please try again later.',
  232069: 'External chats can NOT be public.',
};

export interface FieldViolation {
  field: string;
  value?: string;
  description: string;
}

export class FeishuError extends Error {
  constructor(
    readonly code: number,
    readonly detail?: string,
    readonly httpStatus: number = 400,
    readonly fieldViolations: FieldViolation[] = [],
  ) {
    super(feishuMsg(code, detail));
    this.name = 'FeishuError';
  }

  toBody(): Record<string, unknown> {
    const error: Record<string, unknown> = {
      log_id: logId(),
      troubleshooter: `https://open.feishu.cn/search?code=${this.code}`,
    };
    if (this.fieldViolations.length) error.field_violations = this.fieldViolations;
    return { code: this.code, msg: this.message, error };
  }
}

export function feishuMsg(code: number, detail?: string): string {
  const base = MESSAGES[code] ?? 'simulated error';
  return detail ? `${base} ${detail}` : base;
}

/** Feishu's log ids: a timestamp-like prefix and hex, handy when reading a client's logs. */
export function logId(): string {
  return `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}${randomHex(10).toUpperCase()}`;
}
