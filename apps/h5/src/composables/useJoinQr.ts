import type { StaffJoinQr } from '@kequn/contracts';
import { computed, onUnmounted, ref } from 'vue';
import { isApiFailure } from '../api/errors';
import { useOrderStore } from '../stores/order';
import { useSessionStore } from '../stores/session';
import { classifySdkError, isSdkResult } from '../wecom/errors';
import { useDeps } from './deps';
import { describeFailure } from './failure';

/** While the QR is on screen the group is re-read this many poll periods apart, to show who scanned. */
const WATCH_POLLS = 2;

/** What the server's join-QR answers mean to staff (the rest goes through describeFailure). */
const QR_PROBLEMS: Record<string, string> = {
  pool_empty: '没有可用的空客户群了。请管理员在企业微信里建好空的客户群并加入群池，或先添加客户为联系人再建群。',
  order_closed: '这个订单已关闭，不能再邀请客户入群。',
  join_qr_in_progress: '入群二维码正在生成，请稍后再试。',
  creation_in_progress: '同事正在为本订单建群，请稍候再试。',
  group_unverified: '企业微信还没确认本订单的群，请稍候再试。',
};

/**
 * 「让客户扫码入群」: the order's join QR (made by the server on first use, over a pool group when
 * the order has none), who has joined since, and 「加入本群」 for the order's staff not in the group.
 */
export function useJoinQr() {
  const { api, sdk, pollMs } = useDeps();
  const order = useOrderStore();
  const session = useSessionStore();
  const qr = ref<StaffJoinQr | null>(null);
  const busy = ref(false);
  const problem = ref<string | null>(null);
  const note = ref<string | null>(null);
  let watcher: ReturnType<typeof setInterval> | null = null;

  const me = computed(() => session.me?.userId ?? '');
  const staffInGroup = computed(
    () =>
      new Set((order.binding?.members ?? []).filter((m) => m.type === 'staff' && m.leftAt === null).map((m) => m.id)),
  );
  /** Known only once the server has the member list (a group always has its owner). */
  const membersKnown = computed(() => staffInGroup.value.size > 0);
  const meInGroup = computed(() => staffInGroup.value.has(me.value));
  /** The order's staff not in its group yet: the one who is in it can add them. */
  const staffToAdd = computed(() =>
    membersKnown.value
      ? (order.view?.participants ?? []).filter((p) => p.userId !== me.value && !staffInGroup.value.has(p.userId))
      : [],
  );

  async function show(): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    problem.value = null;
    try {
      qr.value = await api.joinQr(order.orderId);
      await order.refresh();
      watch();
    } catch (err) {
      problem.value = textOf(err);
    } finally {
      busy.value = false;
    }
  }

  function hide(): void {
    qr.value = null;
    stopWatching();
  }

  async function addStaff(): Promise<void> {
    const chatId = qr.value?.chatId;
    const ids = staffToAdd.value.map((p) => p.userId);
    if (!chatId || ids.length === 0 || busy.value) return;
    busy.value = true;
    note.value = null;
    try {
      await sdk.updateEnterpriseChat(chatId, ids);
      note.value = '已邀请同事入群，稍后显示在群成员中。';
      await order.refreshMembers();
    } catch (err) {
      note.value =
        isSdkResult(err) && classifySdkError(err).kind === 'cancelled' ? '已取消。' : `没能加入同事：${textOf(err)}`;
    } finally {
      busy.value = false;
    }
  }

  function watch(): void {
    stopWatching();
    watcher = setInterval(() => void order.refreshMembers().catch(() => undefined), pollMs * WATCH_POLLS);
  }

  function stopWatching(): void {
    if (watcher) clearInterval(watcher);
    watcher = null;
  }

  onUnmounted(stopWatching);

  return { qr, busy, problem, note, meInGroup, membersKnown, staffToAdd, show, hide, addStaff };
}

function textOf(err: unknown): string {
  if (isApiFailure(err) && QR_PROBLEMS[err.code]) return QR_PROBLEMS[err.code] as string;
  const failure = describeFailure(err, { signedUrl: null, currentUrl: location.href });
  return `${failure.title}，${failure.fix}`;
}
