/**
 * What an upstream failure means for us, the same for every platform. `kind` drives the
 * credential cache and retries; `httpStatus` drives our API's answer.
 */
export type UpstreamErrorKind =
  | 'config' // our configuration is wrong: fail fast, alert, no retry
  | 'token_invalid' // the access token died early: invalidate, refresh, retry once
  | 'quota' // rate limited: no retry (or back off), keep serving what is still valid
  | 'transient' // busy / 5xx / network: bounded retries with backoff
  | 'permission' // the app or staff lacks a permission in the platform's admin console
  | 'input' // the request carried a bad value (code, id …)
  | 'unknown';

/** The public shape every platform error class has (WecomError, FeishuError). */
export interface UpstreamFailure extends Error {
  /** Stable code we expose in `{error:{code}}` (`wecom_*`, `feishu_*`); never the raw message. */
  readonly code: string;
  readonly kind: UpstreamErrorKind;
  readonly retryable: boolean;
  /** 502: the platform answered with an error; 503: unreachable or rate limited. */
  readonly httpStatus: 502 | 503;
  readonly fix: string;
}

/** One catalogue row: what a platform code means (each platform keeps its own catalogue). */
export interface UpstreamCatalogueEntry {
  code: string;
  kind: UpstreamErrorKind;
  cause: string;
  fix: string;
  retryable: boolean;
  httpStatus: 502 | 503;
}

/**
 * The usual way a platform reads its own fetch failures for `CachedCredential`: errors of its
 * class are recorded by code, and configuration and quota errors are held (no retry storm).
 */
export function failureReader(
  isOwn: (err: unknown) => err is UpstreamFailure,
): (err: unknown) => { code: string; hold: boolean } | null {
  return (err) => (isOwn(err) ? { code: err.code, hold: err.kind === 'config' || err.kind === 'quota' } : null);
}
