import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { isApiFailure } from '../api/errors';
import { useDeps } from '../composables/deps';
import type { GroupPlan } from '../composables/group-plan';
import { classifySdkError, isSdkResult } from '../wecom/errors';
import { GroupUnreachable, unreachableReason } from './group-unreachable';
import { useOrderStore } from './order';
import { useSessionStore } from './session';

const errText = (err: unknown) => (isSdkResult(err) ? err.errMsg : String(err));

/** What the last press achieved: a bound group, or one WeCom will bind (old client, no chatId). */
export type Created = { chatId: string } | { chatId: null };

/**
 * The chatId WeCom returned, kept per order in this tab until the server has it, so a reload
 * between openEnterpriseChat and the bind binds that chat instead of leaving it to a second one.
 */
const pending = {
  key: (orderId: string) => `kequn:unbound-chat:${orderId}`,
  read: (orderId: string) => sessionStorage.getItem(pending.key(orderId)),
  save(orderId: string, chatId: string | null): void {
    if (chatId) sessionStorage.setItem(pending.key(orderId), chatId);
  },
  clear: (orderId: string) => sessionStorage.removeItem(pending.key(orderId)),
};

/** This page's own mark on the leases it takes: a retry after a lost answer gets its lease back. */
const PAGE_TOKEN = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
  '',
);

/** Bind refusals after which the chat WeCom returned can never serve this order. */
const UNUSABLE_CHAT = new Set(['chat_bound_elsewhere', 'group_dismissed']);

export const useGroupStore = defineStore('group', () => {
  const { api, sdk } = useDeps();
  const order = useOrderStore();
  const session = useSessionStore();
  const busy = ref(false);
  const created = ref<Created | null>(null);
  /** A group this page made that WeCom has but the order does not (another device bound first). */
  const orphanChatId = ref<string | null>(null);
  /** The group exists in WeCom but the server has not stored it yet: a retry only binds. */
  let unbound: Created | null = null;
  // An old client's creation that WeCom never confirmed is no success to show any more.
  watch(
    () => order.unconfirmed,
    (unconfirmed) => {
      if (unconfirmed) created.value = null;
    },
  );

  /** One action at a time: a double press (or a press during a resumed bind) does nothing. */
  async function exclusive(work: () => Promise<void>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    try {
      await work();
    } finally {
      busy.value = false;
    }
  }

  /** One press = at most one group: lease first, bind retried without recreating. */
  function create(plan: GroupPlan, groupName: string): Promise<void> {
    return exclusive(async () => {
      order.unconfirmed = false;
      if (!unbound) {
        unbound = await openNewChat(plan, groupName);
        pending.save(order.orderId, unbound.chatId);
      }
      await bindUnbound(unbound);
    });
  }

  /** A chat WeCom made for this order before a reload cut its binding short: bind it now. */
  function resumePending(): Promise<void> {
    const chatId = pending.read(order.orderId);
    if (!chatId) return Promise.resolve();
    if (order.boundChatId) {
      if (order.boundChatId !== chatId) orphanChatId.value = chatId;
      pending.clear(order.orderId);
      return Promise.resolve();
    }
    return exclusive(() => bindUnbound({ chatId }));
  }

  /** Binds the chat WeCom made; only once the server has it is it forgotten here. */
  async function bindUnbound(chat: Created): Promise<void> {
    unbound = chat;
    await bind(chat.chatId);
    unbound = null;
    pending.clear(order.orderId);
  }

  /**
   * Takes the lease under this page's token (so a retry after a lost answer, or after a chat that
   * was refused, gets this page's live lease back from the server), then opens the chat.
   */
  async function openNewChat(plan: GroupPlan, groupName: string): Promise<Created> {
    const { userIds, externalUserIds } = plan;
    await api.intent(order.orderId, externalUserIds, PAGE_TOKEN);
    try {
      const { chatId } = await sdk.openEnterpriseChat({ groupName, userIds, externalUserIds });
      return { chatId };
    } catch (err) {
      await giveLeaseBack();
      throw err;
    }
  }

  /** No group came of the chat: let other presses and devices go ahead at once. */
  async function giveLeaseBack(): Promise<void> {
    try {
      await api.cancelIntent(order.orderId, PAGE_TOKEN);
    } catch {
      // Kept until it expires; this page's next press takes it again (same token).
    }
  }

  async function bind(chatId: string | null): Promise<void> {
    try {
      const outcome = await api.bind(order.orderId, chatId);
      if (outcome.group) order.setGroup(outcome.group);
      else await order.refresh();
      created.value = chatId ? { chatId } : { chatId: null };
      order.expectingBinding = chatId === null;
    } catch (err) {
      if (isApiFailure(err) && UNUSABLE_CHAT.has(err.code)) forgetChat();
      // Bound meanwhile (the callback, or a retry whose answer got lost): the order says which group.
      if (!isApiFailure(err) || err.code !== 'group_exists') throw err;
      unbound = null;
      pending.clear(order.orderId);
      await order.refresh();
      if (chatId && order.boundChatId === chatId) created.value = { chatId };
      else if (chatId) orphanChatId.value = chatId;
    }
    order.pollWhileUnsettled();
  }

  /** WeCom handed back a chat that serves another order or was dismissed: the next press must make a new one. */
  function forgetChat(): void {
    unbound = null;
    pending.clear(order.orderId);
  }

  /**
   * Into the group only: no message, so a customer never gets a card per press. When the client
   * says `invalid chatid`, WeCom is asked (through the server) whether the group is gone or this
   * staff member is not in it, and the failure says which.
   */
  function open(chatId: string): Promise<void> {
    return exclusive(async () => {
      try {
        await sdk.openExistedChatWithMsg(chatId);
      } catch (err) {
        if (classifySdkError(err).kind !== 'invalid_chat') throw err;
        const view = await order.refreshFromPlatform();
        const owner = view.group?.createdBy ?? '';
        const ownerName = view.participants.find((p) => p.userId === owner)?.name ?? (owner || null);
        throw new GroupUnreachable(unreachableReason(view, session.me?.userId ?? ''), ownerName, errText(err));
      }
    });
  }

  return { busy, created, orphanChatId, create, open, resumePending };
});
