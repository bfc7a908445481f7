import type { GroupBinding, StaffOrderView } from '@kequn/contracts';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { useDeps } from '../composables/deps';

/** How many extra reads a freshly bound group gets for its member list (then the page stops asking). */
const MEMBER_READS = 10;

export const useOrderStore = defineStore('order', () => {
  const { api, pollMs } = useDeps();
  const orderId = ref('');
  const view = ref<StaffOrderView | null>(null);
  /** This page created a group without a chatId (old client): WeCom's callback will bind it. */
  const expectingBinding = ref(false);
  /** That creation's window closed without WeCom confirming a group: say so, allow another try. */
  const unconfirmed = ref(false);
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** A dismissed group no longer serves the order: the page may create a new one. */
  const binding = computed(() => (view.value?.group?.status === 'dismissed' ? null : (view.value?.group ?? null)));
  const boundChatId = computed(() => binding.value?.chatId ?? null);
  /** Created with an old client (no chatId): WeCom's callback will bind it. */
  const awaitingConfirmation = computed(() => (binding.value ? binding.value.chatId === null : expectingBinding.value));
  /**
   * Another press or device holds the creation lease, as the server last said (it drops expired
   * leases itself; the phone's clock may be off). The page polls while it waits.
   */
  const creating = computed(() => view.value?.creating ?? null);
  const mustWait = computed(() => binding.value === null && creating.value !== null);
  /** Bound, but WeCom's member list has not reached the server yet (a group always has its owner). */
  const awaitingMembers = computed(() => boundChatId.value !== null && binding.value?.members.length === 0);
  let memberReads = 0;

  async function load(id: string): Promise<StaffOrderView> {
    orderId.value = id;
    view.value = await api.order(id);
    return view.value;
  }

  async function refresh(): Promise<void> {
    if (!orderId.value) return;
    view.value = await api.order(orderId.value);
    if (expectingBinding.value && !view.value.group && !view.value.creating) {
      expectingBinding.value = false;
      unconfirmed.value = true;
    }
  }

  /** Takes a fresh read only for the members of the group already shown (a lagging read changes nothing else). */
  async function refreshMembers(): Promise<void> {
    const chatId = boundChatId.value;
    const fresh = await api.order(orderId.value);
    if (chatId && fresh.group?.chatId === chatId && view.value) view.value = { ...view.value, group: fresh.group };
  }

  /** The order as WeCom shows its group now (the server re-reads it first). */
  async function refreshFromPlatform(): Promise<StaffOrderView> {
    view.value = await api.refreshGroup(orderId.value);
    return view.value;
  }

  function setGroup(group: GroupBinding): void {
    if (view.value) view.value = { ...view.value, group, creating: null };
  }

  /**
   * Re-reads the order until nobody is creating its group and its binding is confirmed, and a few
   * times more while a bound group's members are not known yet.
   */
  function pollWhileUnsettled(): void {
    const forMembers = awaitingMembers.value && memberReads < MEMBER_READS;
    if (timer || !(mustWait.value || awaitingConfirmation.value || forMembers)) return;
    timer = setTimeout(async () => {
      const settled = !(mustWait.value || awaitingConfirmation.value);
      if (settled) memberReads += 1;
      try {
        await (settled ? refreshMembers() : refresh());
      } catch {
        // A blip while waiting is not worth a failure screen; the next round asks again.
      }
      timer = null;
      pollWhileUnsettled();
    }, pollMs);
  }

  function stopPolling(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  return {
    orderId,
    view,
    expectingBinding,
    unconfirmed,
    binding,
    boundChatId,
    awaitingConfirmation,
    creating,
    mustWait,
    awaitingMembers,
    load,
    refresh,
    refreshMembers,
    refreshFromPlatform,
    setGroup,
    pollWhileUnsettled,
    stopPolling,
  };
});
