import { failureReader, type UpstreamErrorKind, type UpstreamFailure } from '../errors/kinds';

/** A platform error as the tests of the neutral code need it: a stable code and a kind. */
export class TestUpstreamError extends Error implements UpstreamFailure {
  readonly retryable: boolean;
  readonly httpStatus: 502 | 503;
  readonly fix = 'none: a test error';

  constructor(
    readonly code: string,
    readonly kind: UpstreamErrorKind,
  ) {
    super(`test upstream: ${code}`);
    this.retryable = kind === 'transient';
    this.httpStatus = kind === 'transient' || kind === 'quota' ? 503 : 502;
  }
}

export const isTestUpstreamError = (err: unknown): err is TestUpstreamError => err instanceof TestUpstreamError;

export const readTestFailure = failureReader(isTestUpstreamError);
