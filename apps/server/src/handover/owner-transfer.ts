import type { PlatformId } from '../groups/ports';

/**
 * What a platform does to move groups to a new owner. Each platform has one (WeCom:
 * groupchat/transfer and onjob_transfer; Feishu: the chat's owner update); the handover core
 * picks it by the binding's platform, never by branching on the platform itself.
 */
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
  platform: PlatformId;
  /** The most chats one call to `transfer` takes (and one recording transaction holds). */
  batchSize: number;
  transfer(chatIds: string[], newOwner: string, reason: HandoverReason): Promise<TransferResult[]>;
}
