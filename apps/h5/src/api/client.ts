import type { AxiosInstance } from 'axios';
import type {
  BindGroupRequest,
  Customer,
  GroupBinding,
  GroupIntent,
  GroupIntentRequest,
  Me,
  OrderLookup,
  OrderSummary,
  PageSignatures,
  StaffJoinQr,
  StaffOrderView,
} from '@kequn/contracts';
import { toApiFailure } from './errors';

/** What POST /group answered: 200/201 with the binding, or 202 (WeCom's callback binds it later). */
export interface BindOutcome {
  accepted: boolean;
  group: GroupBinding | null;
}

export interface KequnApi {
  me(): Promise<Me>;
  /** Both signatures for one page URL; one request per URL however often it is asked. */
  signatures(url: string): Promise<PageSignatures>;
  forgetSignatures(url: string): void;
  /** Asks the server to re-fetch its tickets (WeCom refused a signature made for this very URL). */
  refreshSignatures(url: string): Promise<PageSignatures>;
  order(orderId: string): Promise<StaffOrderView>;
  /** Orders of a customer group (its toolbar) or of a customer (chat toolbar, profile). */
  /** `mine: 1`: the staff member's own recent orders (the workbench), newest first. */
  lookupOrders(by: { chatId: string } | { externalUserId: string } | { mine: 1 }): Promise<OrderSummary[]>;
  /** A customer of the signed-in staff member, by id (a picked customer's name and kind). */
  customer(externalUserId: string): Promise<Customer>;
  /** The staff member's recent orders, a page at a time (`before`: the last page's nextBefore). */
  recentOrders(before?: string): Promise<{ orders: OrderSummary[]; nextBefore: string | null }>;
  /** Takes the creation lease; the customers help the server recognise the group in WeCom's callback. */
  intent(orderId: string, externalUserIds: string[], token: string): Promise<GroupIntent>;
  /** Gives the lease back after a chat that made no group (cancelled, refused). */
  cancelIntent(orderId: string, token: string): Promise<void>;
  bind(orderId: string, chatId: string | null): Promise<BindOutcome>;
  /** The order's join QR for a customer to scan (made on first call; a pool group becomes the order's). */
  joinQr(orderId: string): Promise<StaffJoinQr>;
  /** Has the server re-read the order's group from WeCom (after the client could not open it). */
  refreshGroup(orderId: string): Promise<StaffOrderView>;
}

export function createApi(http: AxiosInstance): KequnApi {
  const signatures = new Map<string, Promise<PageSignatures>>();
  const call = async <T>(run: () => Promise<{ data: T }>): Promise<T> => {
    try {
      return (await run()).data;
    } catch (err) {
      throw toApiFailure(err);
    }
  };
  const orderPath = (orderId: string) => `/api/orders/${encodeURIComponent(orderId)}`;

  return {
    me: () => call(() => http.get<Me>('/api/me')),
    signatures(url) {
      const cached = signatures.get(url);
      if (cached) return cached;
      const pending = call(() => http.get<PageSignatures>('/api/jssdk/signatures', { params: { url } }));
      signatures.set(url, pending);
      // A failed fetch must not stick: the next attempt asks again.
      pending.catch(() => signatures.get(url) === pending && signatures.delete(url));
      return pending;
    },
    forgetSignatures: (url) => void signatures.delete(url),
    refreshSignatures(url) {
      const pending = call(() => http.get<PageSignatures>('/api/jssdk/signatures', { params: { url, refresh: 1 } }));
      signatures.set(url, pending);
      pending.catch(() => signatures.get(url) === pending && signatures.delete(url));
      return pending;
    },
    order: (orderId) => call(() => http.get<StaffOrderView>(orderPath(orderId))),
    customer: (id) => call(() => http.get<Customer>(`/api/customers/${encodeURIComponent(id)}`)),
    async recentOrders(before) {
      const params = { mine: 1, ...(before ? { before } : {}) };
      const page = await call(() => http.get<OrderLookup>('/api/orders', { params }));
      return { orders: page.orders, nextBefore: page.nextBefore ?? null };
    },
    lookupOrders: async (by) => (await call(() => http.get<OrderLookup>('/api/orders', { params: by }))).orders,
    intent: (orderId, externalUserIds, token) =>
      call(() =>
        http.post<GroupIntent>(`${orderPath(orderId)}/group/intent`, {
          externalUserIds,
          token,
        } satisfies GroupIntentRequest),
      ),
    cancelIntent: (orderId, token) =>
      call(() => http.delete<void>(`${orderPath(orderId)}/group/intent`, { params: { token } })),
    refreshGroup: (orderId) => call(() => http.post<StaffOrderView>(`${orderPath(orderId)}/group/refresh`, {})),
    joinQr: (orderId) => call(() => http.post<StaffJoinQr>(`${orderPath(orderId)}/join-qr`, {})),
    async bind(orderId, chatId) {
      try {
        const res = await http.post<unknown>(`${orderPath(orderId)}/group`, { chatId } satisfies BindGroupRequest);
        return { accepted: res.status === 202, group: readBinding(res.data) };
      } catch (err) {
        throw toApiFailure(err);
      }
    },
  };
}

/** The body may be the binding itself, `{group}`, or the whole StaffOrderView (also `.group`). */
function readBinding(data: unknown): GroupBinding | null {
  if (typeof data !== 'object' || data === null) return null;
  const record = data as Record<string, unknown>;
  const candidate = 'group' in record ? record.group : record;
  if (typeof candidate !== 'object' || candidate === null) return null;
  if (!('status' in candidate && 'chatId' in candidate)) return null;
  // A 202 while WeCom does not show the chat yet may come as just `{chatId: null, status: 'creating'}`.
  const members = 'members' in candidate && Array.isArray(candidate.members) ? candidate.members : [];
  return { ...(candidate as GroupBinding), members };
}
