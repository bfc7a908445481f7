import type { UpstreamFailure } from '@kequn/upstream';
import {
  describeFeishuCode,
  FEISHU_THROTTLED,
  FEISHU_TRANSPORT_ERROR,
  type FeishuCatalogueEntry,
  type FeishuErrorKind,
} from './catalogue';

export interface FeishuErrorDetail {
  /** A safe word for the log line (ECONNABORTED, "HTTP 502"), never an axios message. */
  reason?: string;
  /** For 232043 and friends: the open_ids Feishu named in its answer. */
  ids?: string[];
  /** For throttles: how long to wait before trying again (from `x-ogw-ratelimit-reset`). */
  retryAfterMs?: number;
  /** Feishu's log id, to quote to Feishu support. */
  logId?: string;
}

/**
 * The only error our Feishu code throws; the same public shape as WecomError (`code`, `kind`,
 * `retryable`, `httpStatus`, `fix`), so the server maps both alike. Its message names the API
 * and the catalogue cause but never a URL, token or secret, so it is safe to log and to return.
 */
export class FeishuError extends Error implements UpstreamFailure {
  override readonly name = 'FeishuError';
  readonly code: string;
  readonly kind: FeishuErrorKind;
  readonly retryable: boolean;
  readonly httpStatus: 502 | 503;
  readonly fix: string;
  readonly ids: string[];
  readonly retryAfterMs: number | undefined;
  readonly logId: string | undefined;

  constructor(
    readonly api: string,
    entry: FeishuCatalogueEntry,
    /** Feishu's numeric code, when it answered with one. */
    readonly feishuCode?: number,
    detail: FeishuErrorDetail = {},
  ) {
    super(`${api}: ${entry.cause}${detail.reason ? ` (${detail.reason})` : ''}`);
    this.code = entry.code;
    this.kind = entry.kind;
    this.retryable = entry.retryable;
    this.httpStatus = entry.httpStatus;
    this.fix = entry.fix;
    this.ids = detail.ids ?? [];
    this.retryAfterMs = detail.retryAfterMs;
    this.logId = detail.logId;
  }

  static fromCode(api: string, code: number, detail: FeishuErrorDetail = {}): FeishuError {
    return new FeishuError(api, describeFeishuCode(code), code, detail);
  }

  static throttled(api: string, code: number | undefined, detail: FeishuErrorDetail = {}): FeishuError {
    return new FeishuError(api, FEISHU_THROTTLED, code, detail);
  }

  /** `reason` must be a safe word like ECONNREFUSED or "HTTP 502", never an axios message. */
  static transport(api: string, reason: string): FeishuError {
    return new FeishuError(api, FEISHU_TRANSPORT_ERROR, undefined, { reason });
  }
}

export const isFeishuError = (err: unknown): err is FeishuError => err instanceof FeishuError;
