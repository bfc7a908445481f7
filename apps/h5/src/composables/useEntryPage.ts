import type { OrderSummary } from '@kequn/contracts';
import { ref } from 'vue';
import { isNotSignedIn } from '../api/errors';
import { useSessionStore } from '../stores/session';
import { useWecomStore } from '../stores/wecom';
import { classifySdkError, isSdkResult } from '../wecom/errors';
import { landingUrl } from '../wecom/page-url';
import { useDeps } from './deps';
import { describeFailure, OUTSIDE_WECOM, type Failure } from './failure';

export type EntryPhase = 'loading' | 'choose' | 'none' | 'scan' | 'failed';

/**
 * The app's page opened without an order (WeCom's fixed toolbar or profile URL): from a customer
 * group's toolbar, the order that group belongs to; from a customer's chat toolbar or profile,
 * that customer's orders (one opens at once; several are listed); from the workbench, the staff
 * member's own recent orders.
 */
export function useEntryPage() {
  const { api, sdk, navigate } = useDeps();
  const session = useSessionStore();
  const wecom = useWecomStore();
  const phase = ref<EntryPhase>('loading');
  const orders = ref<OrderSummary[]>([]);
  const fromGroup = ref(false);
  const failure = ref<Failure | null>(null);
  /** The workbench's list continues before this (null: no more pages). */
  const nextBefore = ref<string | null>(null);
  const loadingMore = ref(false);
  /** What went wrong with the last 「扫一扫」, in a word (null: nothing to say). */
  const scanProblem = ref<string | null>(null);

  async function init(): Promise<void> {
    failure.value = null;
    phase.value = 'loading';
    try {
      if (!(await sdk.insideWecom())) {
        phase.value = 'failed';
        failure.value = { ...OUTSIDE_WECOM };
        return;
      }
      await Promise.all([session.load(), wecom.start()]);
      await findOrders();
    } catch (err) {
      if (isNotSignedIn(err)) return session.signIn();
      phase.value = 'failed';
      failure.value = {
        ...describeFailure(err, { signedUrl: wecom.signedUrl, currentUrl: location.href, landingUrl }),
        retry: () => void init(),
      };
    }
  }

  async function findOrders(): Promise<void> {
    fromGroup.value = wecom.chatId !== null;
    const by = wecom.chatId ? { chatId: wecom.chatId } : wecom.contactId ? { externalUserId: wecom.contactId } : null;
    if (!by) {
      // Opened from the workbench: no context to go by; the staff member's recent orders help.
      const page = await api.recentOrders();
      orders.value = page.orders;
      nextBefore.value = page.nextBefore;
      phase.value = 'scan';
      return;
    }
    orders.value = await api.lookupOrders(by);
    const [only] = orders.value;
    if (orders.value.length === 1 && only) return navigate(orderUrl(only.orderId));
    phase.value = orders.value.length === 0 ? 'none' : 'choose';
  }

  async function more(): Promise<void> {
    if (!nextBefore.value || loadingMore.value) return;
    loadingMore.value = true;
    try {
      const page = await api.recentOrders(nextBefore.value);
      orders.value = [...orders.value, ...page.orders];
      nextBefore.value = page.nextBefore;
    } catch (err) {
      scanProblem.value = describeFailure(err, { signedUrl: wecom.signedUrl, currentUrl: location.href }).title;
    } finally {
      loadingMore.value = false;
    }
  }

  /** 「扫一扫」: an order's QR code holds its page's URL on this server; anything else is refused. */
  async function scan(): Promise<void> {
    scanProblem.value = null;
    try {
      const target = orderPageOf(await sdk.scanQRCode());
      if (target) return navigate(target);
      scanProblem.value = '这不是本系统的订单二维码，请扫描订单上的二维码。';
    } catch (err) {
      if (isSdkResult(err) && classifySdkError(err).kind === 'cancelled') return;
      const f = describeFailure(err, { signedUrl: wecom.signedUrl, currentUrl: location.href });
      scanProblem.value = `${f.title}，${f.fix}`;
    }
  }

  /** A full page load: the order page registers the SDK for its own URL. */
  const orderUrl = (orderId: string) => `/orders/${encodeURIComponent(orderId)}`;

  return { phase, orders, fromGroup, failure, nextBefore, loadingMore, scanProblem, init, more, scan, orderUrl };
}

/** The order page a scanned text points to on this server (path and query), or null. */
export function orderPageOf(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.origin !== location.origin || !/^\/orders\/[^/]+$/.test(url.pathname)) return null;
  return url.pathname + url.search;
}
