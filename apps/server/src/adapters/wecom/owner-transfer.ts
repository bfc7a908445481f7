import { isWecomError } from '@kequn/wecom';
import type { WecomAccess } from '../../customers/wecom-contacts';
import type { OwnerTransfer, TransferResult } from '../../handover/owner-transfer';

/**
 * Why a group did not move, as WeCom answers it per chat (platform-facts §15; the simulator's
 * README lists which codes are confirmed), and whether a later try can succeed.
 */
const TRANSFER_ERRORS: Record<number, { error: string; retry: boolean }> = {
  90500: { error: 'The owner has not resigned: use on_job for staff still employed.', retry: false },
  90501: { error: 'Not a customer group.', retry: false },
  90502: { error: 'The owner has resigned: use resigned.', retry: false },
  90503: { error: 'The group is full.', retry: false },
  90504: { error: 'The new owner already owns this group.', retry: false },
  90507: { error: 'A handover of this group is in progress; tried again later.', retry: true },
  90508: { error: 'The group was already handed over.', retry: false },
  40050: { error: 'WeCom has no such group (dismissed).', retry: false },
  40128: { error: 'This group was handed over on the job twice in 90 days.', retry: false },
  45009: { error: 'WeCom’s limit (at most 300 groups a day to one person): tried again later.', retry: true },
  46004: { error: 'The new owner is not an active member of the corp.', retry: false },
  84074: { error: 'The new owner has no customer-contact permission (客户联系).', retry: false },
};

const explain = (errcode: number, errmsg?: string) =>
  TRANSFER_ERRORS[errcode] ?? { error: `WeCom answered ${errcode}${errmsg ? ` (${errmsg})` : ''}.`, retry: false };

/** groupchat/transfer (resigned owners) and groupchat/onjob_transfer (owners still employed), ≤ 100 chats a call. */
export function wecomOwnerTransfer(wecom: WecomAccess): OwnerTransfer {
  return {
    platform: 'wecom',
    batchSize: 100,
    async transfer(chatIds, newOwner, reason): Promise<TransferResult[]> {
      const api = reason === 'resigned' ? 'transfer' : 'onjob_transfer';
      let failed: Array<{ chat_id: string; errcode: number; errmsg?: string }>;
      try {
        const reply = await wecom.credentials.withAccessToken((token) =>
          wecom.client.post<{ failed_chat_list?: typeof failed }>(
            `externalcontact_groupchat_${api}`,
            `/cgi-bin/externalcontact/groupchat/${api}`,
            { access_token: token },
            { chat_id_list: chatIds, new_owner: newOwner },
          ),
        );
        failed = reply.failed_chat_list ?? [];
      } catch (err) {
        // The whole call was refused (an unknown new owner, a rate limit): every chat shares the answer.
        if (!isWecomError(err)) throw err;
        const errcode = err.errcode ?? 0;
        const why = err.errcode ? explain(errcode) : { error: err.message, retry: true };
        return chatIds.map((chatId) => ({
          chatId,
          ok: false,
          errcode,
          error: why.error,
          retry: why.retry || err.retryable,
        }));
      }
      const byChat = new Map(failed.map((f) => [f.chat_id, f]));
      return chatIds.map((chatId) => {
        const f = byChat.get(chatId);
        if (!f) return { chatId, ok: true };
        return { chatId, ok: false, errcode: f.errcode, ...explain(f.errcode, f.errmsg) };
      });
    },
  };
}
