import type { OrderSummary } from '@kequn/contracts';
import { ref } from 'vue';
import { isNotSignedIn } from '../api/errors';
import { useSessionStore } from '../stores/session';
import { useWecomStore } from '../stores/wecom';
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
      orders.value = await api.lookupOrders({ mine: 1 });
      phase.value = 'scan';
      return;
    }
    orders.value = await api.lookupOrders(by);
    const [only] = orders.value;
    if (orders.value.length === 1 && only) return navigate(orderUrl(only.orderId));
    phase.value = orders.value.length === 0 ? 'none' : 'choose';
  }

  /** A full page load: the order page registers the SDK for its own URL. */
  const orderUrl = (orderId: string) => `/orders/${encodeURIComponent(orderId)}`;

  return { phase, orders, fromGroup, failure, init, orderUrl };
}
