import { AxiosError, AxiosHeaders, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  params: Record<string, string>;
}

export type FakeReply = { status: number; body?: unknown } | 'network';
type Handler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

/**
 * The console API at the axios adapter: routes answer JSON with real status codes, errors as
 * `{error:{code,message}}`, "network" rejects like a dropped connection. Latest route wins.
 */
export class FakeServer {
  readonly requests: FakeRequest[] = [];
  private readonly routes: Route[] = [];

  on(route: string, handler: Handler | FakeReply): this {
    const [method, path] = route.split(' ') as [string, string];
    const keys: string[] = [];
    const source = path.replace(/\./g, '\\.').replace(/:(\w+)/g, (_, key: string) => (keys.push(key), '([^/]+)'));
    const fn: Handler = typeof handler === 'function' ? handler : () => handler;
    this.routes.unshift({ method, pattern: new RegExp(`^${source}$`), keys, handler: fn });
    return this;
  }

  /** Requests made to `METHOD /path` (exact path). */
  made(route: string): FakeRequest[] {
    const [method, path] = route.split(' ');
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  readonly adapter: AxiosAdapter = async (config) => {
    const req = this.read(config);
    this.requests.push(req);
    const reply = await this.answer(req);
    if (reply === 'network') throw new AxiosError('Network Error', AxiosError.ERR_NETWORK, config, {});
    const response = {
      data: reply.body === undefined ? '' : JSON.stringify(reply.body),
      status: reply.status,
      statusText: String(reply.status),
      headers: new AxiosHeaders({ 'content-type': 'application/json; charset=utf-8' }),
      config,
      request: {},
    };
    // axios parses JSON itself only with its own adapters: hand it the parsed body.
    const parsed = { ...response, data: reply.body ?? '' };
    if (config.validateStatus?.(reply.status) ?? true) return parsed;
    const code = reply.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST;
    throw new AxiosError(`Request failed with status code ${reply.status}`, code, config, {}, parsed);
  };

  private read(config: InternalAxiosRequestConfig): FakeRequest {
    const url = new URL(config.url ?? '', 'http://localhost');
    for (const [key, value] of Object.entries((config.params ?? {}) as Record<string, string>)) {
      url.searchParams.set(key, String(value));
    }
    const body: unknown = typeof config.data === 'string' ? JSON.parse(config.data) : config.data;
    return {
      method: (config.method ?? 'get').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      body,
      params: {},
    };
  }

  private async answer(req: FakeRequest): Promise<FakeReply> {
    for (const route of this.routes) {
      const match = route.method === req.method ? route.pattern.exec(req.path) : null;
      if (!match) continue;
      route.keys.forEach((key, i) => (req.params[key] = decodeURIComponent(match[i + 1] ?? '')));
      return route.handler(req);
    }
    return fail(404, 'not_found');
  }
}

export const ok = (body: unknown): FakeReply => ({ status: 200, body });
export const fail = (status: number, code: string, message = code): FakeReply => ({
  status,
  body: { error: { code, message } },
});
