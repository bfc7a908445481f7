import { AxiosError, AxiosHeaders, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';
import {
  BindGroupRequest,
  GroupBinding,
  GroupConflictError,
  type Me,
  type PageSignatures,
  type StaffOrderView,
} from '@kequn/contracts';
import { errorBody, lease } from './fixtures';

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
  /** As given to `on`, e.g. `POST /api/orders/:orderId/group`. */
  name: string;
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

export interface ServerState {
  me: Me | null;
  order: StaffOrderView;
  signatures: PageSignatures;
}

/**
 * Our HTTP API at the axios adapter: routes answer with contract-valid JSON, errors with
 * `{error:{code,message}}` and real status codes, "network" rejects like a dropped connection.
 * The default routes keep one order's state (lease, binding) the way the server does.
 */
export class FakeServer {
  readonly requests: FakeRequest[] = [];
  offline = false;
  private readonly routes: Route[] = [];
  /** The last lease this fake handed out, with the token of the page that asked for it. */
  private lastLease: { lease: StaffOrderView['creating']; token: string | null } | null = null;

  constructor(readonly state: ServerState) {
    this.defaultRoutes();
  }

  /** The handler currently answering a route (to wrap it in a test). */
  routeFor(route: string): Handler {
    const found = this.routes.find((r) => r.name === route);
    if (!found) throw new Error(`no route ${route}`);
    return found.handler;
  }

  /** Adds a route; the latest one for a path wins, so tests override the defaults. */
  on(route: string, handler: Handler): this {
    const [method, path] = route.split(' ') as [string, string];
    const keys: string[] = [];
    const source = path.replace(/:(\w+)/g, (_, key: string) => (keys.push(key), '([^/]+)'));
    this.routes.unshift({ name: route, method, pattern: new RegExp(`^${source}$`), keys, handler });
    return this;
  }

  count(route: string): number {
    const [method, path] = route.split(' ');
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }

  readonly adapter: AxiosAdapter = async (config) => {
    const req = this.read(config);
    this.requests.push(req);
    const reply = this.offline ? 'network' : await this.answer(req);
    if (reply === 'network') throw new AxiosError('Network Error', AxiosError.ERR_NETWORK, config, {});
    const response = {
      data: reply.body === undefined ? '' : JSON.stringify(reply.body),
      status: reply.status,
      statusText: String(reply.status),
      headers: new AxiosHeaders({ 'content-type': 'application/json; charset=utf-8' }),
      config,
      request: {},
    };
    if (config.validateStatus?.(reply.status) ?? true) return response;
    const code = reply.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST;
    throw new AxiosError(`Request failed with status code ${reply.status}`, code, config, {}, response);
  };

  private read(config: InternalAxiosRequestConfig): FakeRequest {
    const url = new URL(config.url ?? '', 'http://localhost');
    for (const [key, value] of Object.entries((config.params ?? {}) as Record<string, string>)) {
      url.searchParams.set(key, value);
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

  private defaultRoutes(): void {
    const s = this.state;
    this.on('GET /api/me', () => (s.me ? ok(s.me) : fail(401, 'not_signed_in')));
    this.on('GET /api/jssdk/signatures', (req) =>
      /^https?:\/\//.test(req.query.get('url') ?? '') ? ok(s.signatures) : fail(400, 'url_not_absolute'),
    );
    this.on('GET /api/orders/:orderId', (req) => this.withOrder(req, () => ok(s.order)));
    this.on('POST /api/orders/:orderId/group/intent', (req) => this.withOrder(req, () => this.intent(req)));
    this.on('DELETE /api/orders/:orderId/group/intent', (req) => this.withOrder(req, () => this.cancelIntent(req)));
    this.on('POST /api/orders/:orderId/group', (req) => this.withOrder(req, () => this.bind(req)));
  }

  private withOrder(req: FakeRequest, then: () => FakeReply): FakeReply {
    if (!this.state.me) return fail(401, 'not_signed_in');
    return req.params.orderId === this.state.order.orderId ? then() : fail(404, 'order_not_found');
  }

  /** Like the server: one live lease per order, taken again only by the page that took it (its token). */
  private intent(req: FakeRequest): FakeReply {
    const { order, me } = this.state;
    if (order.group) return conflict('group_exists', { chatId: order.group.chatId });
    const token = (req.body as { token?: string } | undefined)?.token ?? null;
    const held = order.creating && Date.parse(order.creating.until) > Date.now();
    // A lease a test put in place directly was taken by some other page.
    const samePage =
      held && token !== null && this.lastLease?.lease === order.creating && this.lastLease.token === token;
    if (held && !samePage) return conflict('creation_in_progress', { ...order.creating });
    order.creating = lease(me?.userId ?? '');
    this.lastLease = { lease: order.creating, token };
    return ok(order.creating);
  }

  /** Like the server: only the page whose token took the lease gives it back. */
  private cancelIntent(req: FakeRequest): FakeReply {
    const { order, me } = this.state;
    const token = req.query.get('token');
    const samePage = this.lastLease?.lease === order.creating && this.lastLease?.token === token;
    if (order.creating?.by === me?.userId && !order.group && samePage) order.creating = null;
    return { status: 204 };
  }

  /** 201 with the binding when new, 200 when repeated, 202 while WeCom's callback is awaited. */
  private bind(req: FakeRequest): FakeReply {
    const { chatId } = BindGroupRequest.parse(req.body);
    const current = this.state.order.group;
    if (current?.chatId)
      return current.chatId === chatId ? ok(current) : conflict('group_exists', { chatId: current.chatId });
    const group = GroupBinding.parse({
      chatId,
      status: chatId ? 'created' : 'creating',
      createdBy: this.state.me?.userId ?? '',
      createdAt: new Date().toISOString(),
      members: [],
    });
    this.state.order = { ...this.state.order, group, creating: chatId ? null : this.state.order.creating };
    return { status: chatId ? 201 : 202, body: group };
  }
}

export const ok = (body: unknown): FakeReply => ({ status: 200, body });
export const fail = (status: number, code: string, message = code): FakeReply => ({
  status,
  body: errorBody(code, message),
});

/** 409 as the server sends it: the code plus who/until or the bound chatId. */
export const conflict = (
  code: GroupConflictError['error']['code'],
  extra: { chatId?: string | null; by?: string; until?: string } = {},
): FakeReply => ({ status: 409, body: GroupConflictError.parse({ error: { code, message: code, ...extra } }) });
