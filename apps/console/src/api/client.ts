import { isAxiosError, type AxiosInstance } from 'axios';
import {
  AuditPage,
  ConsoleActionResult,
  ConsoleFailures,
  ConsoleFigures,
  ConsoleHandoverList,
  ConsoleMe,
  ConsoleOrderDetail,
  ConsoleOrderPage,
  ConsolePool,
  Handover,
  type ConsoleHandoverRequest,
  type ConsoleOrdersQuery,
  type FiguresQuery,
} from '@kequn/contracts';

/** A failed call: the HTTP status (0: no answer) and the API's error code. */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type OrderFilters = Partial<Omit<ConsoleOrdersQuery, 'limit'>> & { limit?: number };

export interface ConsoleApi {
  me(): Promise<ConsoleMe>;
  orders(filters: OrderFilters): Promise<ConsoleOrderPage>;
  /** Where the CSV of the same filters downloads from. */
  csvUrl(filters: OrderFilters): string;
  order(orderId: string): Promise<ConsoleOrderDetail>;
  pool(): Promise<ConsolePool>;
  failures(): Promise<ConsoleFailures>;
  redeliver(eventId: string): Promise<ConsoleActionResult>;
  retryCallback(id: string): Promise<ConsoleActionResult>;
  figures(q: FiguresQuery): Promise<ConsoleFigures>;
  handovers(): Promise<ConsoleHandoverList>;
  handover(id: string): Promise<Handover>;
  startHandover(body: ConsoleHandoverRequest): Promise<{ handover: Handover; auditId: string }>;
  audit(cursor?: string | null): Promise<AuditPage>;
}

/** A contract's zod schema, as far as the client uses it. */
interface Schema<T> {
  parse(data: unknown): T;
}

const clean = (params: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));

export function createApi(http: AxiosInstance): ConsoleApi {
  async function call<T>(schema: Schema<T>, run: () => Promise<{ data: unknown }>): Promise<T> {
    try {
      const { data } = await run();
      return schema.parse(data);
    } catch (err) {
      throw toFailure(err);
    }
  }
  const get = <T>(schema: Schema<T>, url: string, params: Record<string, unknown> = {}) =>
    call(schema, () => http.get(url, { params: clean(params) }));
  const post = <T>(schema: Schema<T>, url: string, body?: unknown) => call(schema, () => http.post(url, body));
  const seg = encodeURIComponent;

  return {
    me: () => get(ConsoleMe, '/api/console/me'),
    orders: (filters) => get(ConsoleOrderPage, '/api/console/orders', { ...filters }),
    csvUrl(filters) {
      const { cursor: _c, limit: _l, ...rest } = filters;
      const query = new URLSearchParams(clean(rest) as Record<string, string>).toString();
      return `/api/console/orders.csv${query ? `?${query}` : ''}`;
    },
    order: (orderId) => get(ConsoleOrderDetail, `/api/console/orders/${seg(orderId)}`),
    pool: () => get(ConsolePool, '/api/console/pool'),
    failures: () => get(ConsoleFailures, '/api/console/failures'),
    redeliver: (eventId) => post(ConsoleActionResult, `/api/console/webhooks/${seg(eventId)}/redeliver`),
    retryCallback: (id) => post(ConsoleActionResult, `/api/console/callbacks/${seg(id)}/retry`),
    figures: (q) => get(ConsoleFigures, '/api/console/figures', { ...q }),
    handovers: () => get(ConsoleHandoverList, '/api/console/handovers'),
    handover: (id) => get(Handover, `/api/console/handovers/${seg(id)}`),
    startHandover: async (body) => {
      const result = await post(
        ConsoleActionResult.omit({ ok: true }).extend({ handover: Handover }),
        '/api/console/handovers',
        body,
      );
      return { handover: result.handover, auditId: result.auditId };
    },
    audit: (cursor) => get(AuditPage, '/api/console/audit', { cursor }),
  };
}

function toFailure(err: unknown): ApiFailure {
  if (err instanceof ApiFailure) return err;
  if (isAxiosError(err)) {
    const status = err.response?.status ?? 0;
    const body = err.response?.data as { error?: { code?: unknown; message?: unknown } } | string | undefined;
    const parsed = typeof body === 'string' ? safeJson(body) : body;
    const code = typeof parsed?.error?.code === 'string' ? parsed.error.code : status === 0 ? 'network' : 'http_error';
    return new ApiFailure(
      status,
      code,
      typeof parsed?.error?.message === 'string' ? parsed.error.message : err.message,
    );
  }
  return new ApiFailure(0, 'unexpected', err instanceof Error ? err.message : String(err));
}

function safeJson(text: string): { error?: { code?: unknown; message?: unknown } } | undefined {
  try {
    return JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
  } catch {
    return undefined;
  }
}

/** What a manager reads when a call fails. */
export function failureText(err: unknown): string {
  const code = err instanceof ApiFailure ? err.code : 'unexpected';
  const texts: Record<string, string> = {
    console_forbidden: '你没有控制台权限，请联系管理员开通。',
    console_read_only: '只读账号不能执行此操作。',
    not_signed_in: '登录已过期，请刷新页面重新登录。',
    cross_origin: '请求来源不被信任，请从控制台页面操作。',
    order_not_found: '没有这个订单。',
    event_not_found: '没有这条 Webhook 事件。',
    callback_not_found: '这条回调已不在待重试列表中。',
    handover_not_found: '没有这次交接。',
    invalid_body: '填写的内容有误，请检查后再提交。',
    invalid_query: '查询条件有误。',
    network: '网络连接失败，请稍后重试。',
  };
  return texts[code] ?? `操作失败（${code}），请稍后重试。`;
}
