/** What a platform does to move groups to a new owner (WeCom: groupchat/transfer and onjob_transfer). */
export type HandoverReason = 'resigned' | 'on_job';

export interface TransferResult {
  chatId: string;
  ok: boolean;
  /** The platform's code when not ok; `retry`: worth another try later (in progress, rate limited). */
  errcode?: number;
  error?: string;
  retry?: boolean;
}

export interface OwnerTransfer {
  /** The most chats one call takes. */
  batchSize: number;
  transfer(chatIds: string[], newOwner: string, reason: HandoverReason): Promise<TransferResult[]>;
}
