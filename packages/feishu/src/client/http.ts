import type { HttpInstance, HttpRequestOptions } from '@larksuiteoapi/node-sdk';
import axios, { type AxiosInstance } from 'axios';
import { FeishuError } from '../errors/feishu-error';

export interface FeishuHttpOptions {
  timeoutMs: number;
  /** Observes every upstream call: api name, `ok` or the error code, duration. */
  onCall?: (api: string, result: string, durationMs: number) => void;
}

interface FeishuBody {
  code?: unknown;
  msg?: unknown;
  error?: { log_id?: unknown; field_violations?: Array<{ value?: unknown }> };
}

type Headers = Record<string, unknown>;

/**
 * The `httpInstance` we hand the official SDK (and use for the token fetch). Every answer is read
 * here, once: Feishu's `code` 0 resolves with the body (as the SDK's default instance does), any
 * other code, an HTTP 429 and every transport failure reject with a FeishuError. The axios error
 * never leaves this file: its message and config carry the URL, the Authorization header and,
 * for the token fetch, the app secret.
 */
export class FeishuHttp implements HttpInstance {
  private readonly axios: AxiosInstance;

  constructor(private readonly settings: FeishuHttpOptions) {
    this.axios = axios.create({
      timeout: settings.timeoutMs,
      // Feishu answers errors with HTTP 400 and a JSON body; we read every status ourselves.
      validateStatus: () => true,
      maxRedirects: 0,
    });
  }

  async request<T = unknown, R = T, D = unknown>(opts: HttpRequestOptions<D>): Promise<R> {
    const method = (opts.method ?? 'GET').toUpperCase();
    const api = apiName(method, opts.url ?? '');
    const started = performance.now();
    const report = (result: string) => this.settings.onCall?.(api, result, performance.now() - started);
    const { $return_headers: withHeaders, ...config } = opts;
    let res: { status: number; data: unknown; headers: Headers };
    try {
      res = await this.axios.request({ ...config, method });
    } catch (err) {
      const reason = axios.isAxiosError(err) ? (err.code ?? 'network error') : 'network error';
      report('transport');
      throw FeishuError.transport(api, reason);
    }
    const body = typeof res.data === 'object' && res.data !== null ? (res.data as FeishuBody) : null;
    const code = typeof body?.code === 'number' ? body.code : undefined;
    if (res.status === 429 || code === 99991400) {
      report(String(code ?? 429));
      throw FeishuError.throttled(api, code, { retryAfterMs: retryAfterMs(res.headers), ...logIdOf(body) });
    }
    if (code === undefined) {
      report('transport');
      throw FeishuError.transport(api, `HTTP ${res.status}`);
    }
    if (code !== 0) {
      report(String(code));
      throw FeishuError.fromCode(api, code, { ids: idsOf(body), ...logIdOf(body) });
    }
    report('ok');
    return (withHeaders ? { data: body, headers: res.headers } : body) as R;
  }

  get<T = unknown, R = T, D = unknown>(url: string, opts: HttpRequestOptions<D> = {}): Promise<R> {
    return this.request<T, R, D>({ ...opts, url, method: 'GET' });
  }
  delete<T = unknown, R = T, D = unknown>(url: string, opts: HttpRequestOptions<D> = {}): Promise<R> {
    return this.request<T, R, D>({ ...opts, url, method: 'DELETE' });
  }
  head<T = unknown, R = T, D = unknown>(url: string, opts: HttpRequestOptions<D> = {}): Promise<R> {
    return this.request<T, R, D>({ ...opts, url, method: 'HEAD' });
  }
  options<T = unknown, R = T, D = unknown>(url: string, opts: HttpRequestOptions<D> = {}): Promise<R> {
    return this.request<T, R, D>({ ...opts, url, method: 'OPTIONS' });
  }
  post<T = unknown, R = T, D = unknown>(url: string, data?: D, opts: HttpRequestOptions<D> = {}): Promise<R> {
    return this.request<T, R, D>({ ...opts, url, method: 'POST', ...(data === undefined ? {} : { data }) });
  }
  put<T = unknown, R = T, D = unknown>(url: string, data?: D, opts: HttpRequestOptions<D> = {}): Promise<R> {
    return this.request<T, R, D>({ ...opts, url, method: 'PUT', ...(data === undefined ? {} : { data }) });
  }
  patch<T = unknown, R = T, D = unknown>(url: string, data?: D, opts: HttpRequestOptions<D> = {}): Promise<R> {
    return this.request<T, R, D>({ ...opts, url, method: 'PATCH', ...(data === undefined ? {} : { data }) });
  }
}

const API_NAMES: Array<[method: string, path: RegExp, name: string]> = [
  ['POST', /^\/open-apis\/auth\/v3\/tenant_access_token\/internal$/, 'auth.tenantAccessToken'],
  ['POST', /^\/open-apis\/im\/v1\/chats$/, 'im.chat.create'],
  ['GET', /^\/open-apis\/im\/v1\/chats\/[^/]+$/, 'im.chat.get'],
  ['PUT', /^\/open-apis\/im\/v1\/chats\/[^/]+$/, 'im.chat.update'],
  ['GET', /^\/open-apis\/im\/v1\/chats\/[^/]+\/members$/, 'im.chatMembers.get'],
  ['POST', /^\/open-apis\/im\/v1\/chats\/[^/]+\/members$/, 'im.chatMembers.create'],
  ['POST', /^\/open-apis\/im\/v1\/messages$/, 'im.message.create'],
];

/** A stable, id-free name for logs and metrics: the SDK's method name where we know it. */
export function apiName(method: string, url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // a relative path already
  }
  const at = path.indexOf('/open-apis/');
  if (at > 0) path = path.slice(at);
  const known = API_NAMES.find(([m, re]) => m === method && re.test(path));
  if (known) return known[2];
  return `${method} ${path.replace(/\/(?:o[cmnu]_|cli_)[^/]+/g, '/:id')}`;
}

/** `x-ogw-ratelimit-reset`: seconds until the throttle window resets. */
function retryAfterMs(headers: Headers): number | undefined {
  const raw = headers['x-ogw-ratelimit-reset'];
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * The ids an answer names (232043 and friends): `error.field_violations[].value` and any open_id
 * in `msg`. The exact shape is undocumented, so both are read.
 */
function idsOf(body: FeishuBody | null): string[] {
  const ids = new Set<string>();
  for (const v of body?.error?.field_violations ?? []) if (typeof v.value === 'string' && v.value) ids.add(v.value);
  if (typeof body?.msg === 'string') for (const m of body.msg.matchAll(/\bo[nu]_[0-9A-Za-z]+/g)) ids.add(m[0]);
  return [...ids];
}

function logIdOf(body: FeishuBody | null): { logId?: string } {
  const id = body?.error?.log_id;
  return typeof id === 'string' ? { logId: id } : {};
}
