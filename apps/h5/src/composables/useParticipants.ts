import type { Customer } from '@kequn/contracts';
import { computed, ref, watch } from 'vue';
import { useOrderStore } from '../stores/order';
import { useSessionStore } from '../stores/session';
import { useWecomStore } from '../stores/wecom';
import type { Colleague } from '../wecom/sdk';
import { useDeps } from './deps';
import { planGroup, type CustomerPick } from './group-plan';

/** Who goes into the group: order staff and defaults, colleagues added here, and the customer(s). */
export function useParticipants() {
  const { sdk, api } = useDeps();
  const order = useOrderStore();
  const session = useSessionStore();
  const wecom = useWecomStore();
  const picked = ref<CustomerPick[] | null>(null);
  const colleagues = ref<Colleague[]>([]);
  /** What the last colleague pick left out, in a word (null: nothing to say). */
  const colleagueNote = ref<string | null>(null);

  /** Customers the order does not name, looked up by id (the picker gives ids only). */
  const lookedUp = ref<Record<string, Customer>>({});
  const known = computed(() => order.view?.customer.customers ?? []);
  const pickOf = (externalUserId: string): CustomerPick => {
    const customer = known.value.find((c) => c.externalUserId === externalUserId) ?? lookedUp.value[externalUserId];
    return { externalUserId, name: customer?.name ?? null, type: customer?.type ?? null };
  };

  /** A picked customer wins; then the chat the page was opened from; then the order's match. */
  const customers = computed<CustomerPick[]>(() => {
    if (picked.value) return picked.value.map((c) => pickOf(c.externalUserId));
    if (wecom.contactId) return [pickOf(wecom.contactId)];
    if (!order.view || order.view.customer.match === 'none') return [];
    return known.value.map((c) => pickOf(c.externalUserId));
  });

  /** Opened from a customer's chat who is not the customer the order names. */
  const contactIsOtherCustomer = computed(
    () =>
      !picked.value &&
      wecom.contactId !== null &&
      order.view?.customer.match !== 'none' &&
      !known.value.some((c) => c.externalUserId === wecom.contactId),
  );

  const plan = computed(() =>
    planGroup(session.me?.userId ?? '', order.view?.participants ?? [], colleagues.value, customers.value),
  );

  async function selectCustomers(): Promise<void> {
    const ids = await sdk.selectExternalContact();
    if (ids.length > 0) picked.value = ids.map((id) => ({ externalUserId: id, name: null, type: null }));
  }

  // Names for picked customers and the chat's own customer when the order does not name them.
  // A failed lookup leaves the short id on screen: the group can still be made.
  const unnamed = computed(() => customers.value.filter((c) => c.name === null).map((c) => c.externalUserId));
  const asked = new Set<string>();
  watch(
    unnamed,
    (ids) => {
      for (const id of ids) {
        if (asked.has(id)) continue;
        asked.add(id);
        void api.customer(id).then(
          (c) => (lookedUp.value = { ...lookedUp.value, [id]: c }),
          () => undefined,
        );
      }
    },
    { immediate: true },
  );

  /**
   * Colleagues picked in WeCom, less those already in the group (the order's staff, defaults, me).
   * Picking oneself would otherwise change nothing without a word: say so.
   */
  async function addColleagues(): Promise<void> {
    const picked = await sdk.selectEnterpriseContact(colleagues.value.map((c) => c.userId));
    const me = session.me?.userId;
    const already = new Set([me, ...(order.view?.participants ?? []).map((p) => p.userId)]);
    colleagues.value = picked.filter((c) => !already.has(c.userId));
    colleagueNote.value = picked.some((c) => c.userId === me) ? '你已在群中，无需添加自己。' : null;
  }

  return { customers, colleagues, colleagueNote, contactIsOtherCustomer, plan, selectCustomers, addColleagues };
}
