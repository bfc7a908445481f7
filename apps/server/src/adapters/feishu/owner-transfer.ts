import { isFeishuError, type FeishuClient, type FeishuError } from '@kequn/feishu';
import type { OwnerTransfer, TransferResult } from '../../handover/owner-transfer';

/** Feishu's update-chat limit is 50 a second per app (im/v1 chat update); we stay under it. */
const CALLS_PER_SECOND = 40;

/**
 * Why a group did not move, in the words a manager needs, per Feishu code [platform-facts §14;
 * the im/v1 update-chat error table]. Codes not listed fall back to the client's catalogue.
 */
const TRANSFER_ERRORS: Record<number, string> = {
  232002:
    'Feishu lets only the group’s owner or a group manager change its owner, and an externally shared bot cannot be given im:chat:operate_as_owner: the owner must transfer it in the Feishu client (群设置 → 转让群主).',
  232016:
    'Feishu lets only the group’s owner or a group manager change its owner: the owner must transfer it in the Feishu client (群设置 → 转让群主).',
  232006: 'Feishu has no such group (dismissed).',
  232009: 'The group was dissolved in Feishu.',
  232011: 'The bot is no longer in this group, so it cannot change its owner.',
  232012: 'The successor is not in the group and could not be added to it.',
  232022: 'The successor has left the Feishu tenant.',
  232030: 'Feishu does not know the successor’s open_id.',
  232031: 'The successor is not of our Feishu tenant: a group can only go to our own staff, never to a customer.',
  232043: 'The successor is outside the app’s availability range (可用范围).',
};

/**
 * Feishu has one call per chat (`im.chat.update` with `owner_id`) and no resigned/on-job
 * distinction, so `reason` only travels with the handover. The new owner must already be in the
 * chat (232012): a successor who is not is added first (`chatMembers.create`), because they are
 * our own staff and are meant to serve that customer from now on; if Feishu will not add them,
 * the group reports why. Calls are paced under the app's 50/s; a throttle leaves the group
 * pending for a later run.
 */
export function feishuOwnerTransfer(client: FeishuClient): OwnerTransfer {
  const pace = new Pace(CALLS_PER_SECOND);
  const call = async <T>(task: () => Promise<T>): Promise<T> => {
    await pace.take();
    return task();
  };

  async function moveOne(chatId: string, newOwner: string): Promise<TransferResult> {
    try {
      await call(() => client.transferOwner(chatId, newOwner));
      return { chatId, ok: true };
    } catch (err) {
      if (!isFeishuError(err) || err.feishuCode !== 232012) return failure(chatId, err);
    }
    try {
      const added = await call(() => client.addMembers(chatId, [newOwner]));
      const refused = [...added.invalid, ...added.notExisted, ...added.pending].includes(newOwner);
      if (refused) return { chatId, ok: false, errcode: 232012, error: TRANSFER_ERRORS[232012], retry: false };
      await call(() => client.transferOwner(chatId, newOwner));
      return { chatId, ok: true };
    } catch (err) {
      return failure(chatId, err);
    }
  }

  return {
    platform: 'feishu',
    batchSize: 20,
    async transfer(chatIds, newOwner) {
      const results: TransferResult[] = [];
      for (const chatId of chatIds) results.push(await moveOne(chatId, newOwner));
      return results;
    },
  };
}

/** A Feishu refusal as a group's result; anything else (a bug) is thrown. */
function failure(chatId: string, err: unknown): TransferResult {
  if (!isFeishuError(err)) throw err;
  return { chatId, ok: false, errcode: err.feishuCode ?? 0, error: explain(err), retry: err.retryable };
}

function explain(err: FeishuError): string {
  const known = err.feishuCode === undefined ? undefined : TRANSFER_ERRORS[err.feishuCode];
  if (known) return known;
  return err.retryable ? `${err.message} Tried again later.` : `${err.message} ${err.fix}`;
}

/**
 * At most `perSecond` calls in any sliding second of this process: `take` waits for room. Wall
 * time, not the product's clock: the limit is Feishu's, counted in real seconds.
 */
class Pace {
  private readonly recent: number[] = [];

  constructor(private readonly perSecond: number) {}

  async take(): Promise<void> {
    for (;;) {
      const now = performance.now();
      while (this.recent.length > 0 && now - (this.recent[0] ?? 0) >= 1_000) this.recent.shift();
      if (this.recent.length < this.perSecond) {
        this.recent.push(now);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000 - (now - (this.recent[0] ?? now)) + 5));
    }
  }
}
