import { AxiosError } from 'axios';

/**
 * Every failed call to our API, reduced to what the page decides on. `code` is the server's
 * `{error:{code}}` (or `network` / `http_<status>` when there is no such body).
 */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The request never got an answer: offline, DNS, timeout. */
    readonly network = false,
  ) {
    super(message);
  }
}

export const isApiFailure = (err: unknown): err is ApiFailure => err instanceof ApiFailure;

/** The one error mapper: axios errors and `{error:{code,message}}` bodies become ApiFailure. */
export function toApiFailure(err: unknown): ApiFailure {
  if (err instanceof ApiFailure) return err;
  if (!(err instanceof AxiosError))
    return new ApiFailure(0, 'client', err instanceof Error ? err.message : String(err));
  const response = err.response;
  if (!response) return new ApiFailure(0, 'network', err.message || 'Network Error', true);
  const body = readErrorBody(response.data);
  return new ApiFailure(response.status, body?.code ?? `http_${response.status}`, body?.message ?? err.message);
}

function readErrorBody(data: unknown): { code: string; message: string } | null {
  if (typeof data !== 'object' || data === null || !('error' in data)) return null;
  const error = (data as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' ? { code, message: typeof message === 'string' ? message : code } : null;
}

/** The session is missing or expired: the page signs the staff member in and comes back. */
export function isNotSignedIn(err: unknown): boolean {
  return isApiFailure(err) && (err.status === 401 || err.code === 'not_signed_in');
}
