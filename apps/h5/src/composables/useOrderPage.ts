import { computed, ref, type Ref } from 'vue';
import { isApiFailure, isNotSignedIn } from '../api/errors';
import { useGroupStore } from '../stores/group';
import { useOrderStore } from '../stores/order';
import { useSessionStore } from '../stores/session';
import { useWecomStore } from '../stores/wecom';
import { classifySdkError, isSdkResult } from '../wecom/errors';
import { landingUrl } from '../wecom/page-url';
import { useDeps } from './deps';
import { describeFailure, OUTSIDE_WECOM, type Failure, type FailureKind } from './failure';
import { fitGroupName } from './group-name';
import { useParticipants } from './useParticipants';

export type Phase = 'loading' | 'outside' | 'ready' | 'failed';

/** Failures that another try cannot fix from this page. */
const FINAL: ReadonlySet<FailureKind> = new Set([
  'outside_wecom',
  'forbidden',
  'order_not_found',
  'client_too_old',
  'chat_elsewhere',
  'chat_dismissed',
  'not_in_group',
]);

/** Answers that mean "someone else got there": show the order as it is now, not an error. */
const RACE_CODES = new Set(['creation_in_progress', 'group_exists']);

export function useOrderPage(orderId: Ref<string>) {
  const { sdk, api, navigate } = useDeps();
  const session = useSessionStore();
  const order = useOrderStore();
  const wecom = useWecomStore();
  const group = useGroupStore();
  const people = useParticipants();
  const phase = ref<Phase>('loading');
  const failure = ref<Failure | null>(null);
  const notice = ref<string | null>(null);

  const groupName = computed(() => fitGroupName(order.view?.groupName || order.view?.title || `订单 ${orderId.value}`));
  const canCreate = computed(
    () =>
      phase.value === 'ready' &&
      !group.busy &&
      order.binding === null &&
      !order.awaitingConfirmation &&
      order.creating === null &&
      !people.plan.value.needsCustomer &&
      !people.plan.value.needsColleague &&
      people.plan.value.overLimit === null,
  );

  /** Signature and order load side by side; the SDK is registered once inside wecom.start(). */
  async function init(): Promise<void> {
    failure.value = null;
    phase.value = 'loading';
    if (!(await sdk.insideWecom())) {
      phase.value = 'outside';
      failure.value = { ...OUTSIDE_WECOM };
      return;
    }
    const results = await Promise.allSettled([order.load(orderId.value), session.load(), wecom.start()]);
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const first = errors.find(isNotSignedIn) ?? errors[0];
    if (first !== undefined) return fail(first, init);
    phase.value = 'ready';
    await attempt(group.resumePending);
    order.pollWhileUnsettled();
  }

  async function attempt(action: () => Promise<void>): Promise<void> {
    failure.value = null;
    notice.value = null;
    try {
      await action();
    } catch (err) {
      await fail(err, () => void attempt(action));
    }
  }

  async function fail(err: unknown, retry: () => void): Promise<void> {
    if (isNotSignedIn(err)) return session.signIn();
    if (isApiFailure(err) && RACE_CODES.has(err.code)) return settleRace();
    if (isSdkResult(err) && classifySdkError(err).kind === 'cancelled') {
      notice.value = '已取消，可以再次操作。';
      return;
    }
    if (phase.value === 'loading') phase.value = 'failed';
    const described = describeFailure(err, { signedUrl: wecom.signedUrl, currentUrl: location.href, landingUrl });
    if (described.kind === 'invalid_signature' && wecom.signedUrl === location.href.split('#')[0]) {
      return recoverSignature(described, wecom.signedUrl);
    }
    failure.value = FINAL.has(described.kind) ? described : { ...described, retry };
  }

  /**
   * WeCom refused a signature made for this exact URL: the server's tickets are suspect. Have it
   * re-fetch them and reload, once per URL per tab (the sessionStorage mark stops a reload loop);
   * after that, or if it fails, show the failure with the same fix as a button.
   */
  async function recoverSignature(described: Failure, url: string): Promise<void> {
    const retry = () =>
      void api.refreshSignatures(url).then(
        () => navigate(location.href.split('#')[0] as string), // without a fragment: a real reload
        (err: unknown) => fail(err, retry),
      );
    const mark = `kequn:signature-refresh:${url}`;
    if (!sessionStorage.getItem(mark)) {
      sessionStorage.setItem(mark, '1');
      return retry();
    }
    sessionStorage.removeItem(mark);
    failure.value = { ...described, retry };
  }

  async function settleRace(): Promise<void> {
    await order.refresh().catch(() => undefined);
    order.pollWhileUnsettled();
  }

  const create = () => attempt(() => group.create(people.plan.value, groupName.value));
  const open = (chatId: string) => attempt(() => group.open(chatId));
  const selectCustomers = () => attempt(people.selectCustomers);
  const addColleagues = () => attempt(people.addColleagues);

  return { phase, failure, notice, groupName, canCreate, people, init, create, open, selectCustomers, addColleagues };
}
