import type { UpstreamFailure } from '@kequn/upstream';
import { describeErrcode, TRANSPORT_ERROR, type CatalogueEntry, type WecomErrorKind } from './catalogue';

/**
 * The only error our WeCom code throws. Its message names the API and the catalogue cause but
 * never a URL, token, ticket or secret, so it is safe to log and to return.
 */
export class WecomError extends Error implements UpstreamFailure {
  override readonly name = 'WecomError';
  readonly code: string;
  readonly kind: WecomErrorKind;
  readonly retryable: boolean;
  readonly httpStatus: 502 | 503;
  readonly fix: string;

  constructor(
    readonly api: string,
    entry: CatalogueEntry,
    readonly errcode?: number,
    detail?: string,
  ) {
    super(`${api}: ${entry.cause}${detail ? ` (${detail})` : ''}`);
    this.code = entry.code;
    this.kind = entry.kind;
    this.retryable = entry.retryable;
    this.httpStatus = entry.httpStatus;
    this.fix = entry.fix;
  }

  static fromErrcode(api: string, errcode: number): WecomError {
    return new WecomError(api, describeErrcode(errcode), errcode);
  }

  /** `reason` must be a safe word like ECONNREFUSED or "HTTP 502", never an axios message. */
  static transport(api: string, reason: string): WecomError {
    return new WecomError(api, TRANSPORT_ERROR, undefined, reason);
  }
}

export const isWecomError = (err: unknown): err is WecomError => err instanceof WecomError;
