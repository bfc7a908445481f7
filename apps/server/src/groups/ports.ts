/**
 * What the order/group core asks of a platform (WeCom, later Feishu) and of a route into it (the
 * JS-SDK, a join QR, a bot). The core speaks only these types; adapters/ implement them.
 */
import type { Executor } from '../db/schema';
import type { BindingRecord } from './binding-store';
import type { SeenMember } from './member-store';

export type PlatformId = 'wecom' | 'feishu';
export type RouteId = 'jssdk' | 'join_qr' | 'feishu_bot';

/** How the core names a group: chat ids are unique per platform only. */
export interface GroupRef {
  platform: PlatformId;
  chatId: string;
}

/** A group as the platform shows it now. */
export interface GroupChat {
  chatId: string;
  owner: string;
  createTime: Date;
  members: SeenMember[];
}

/** `gone`: the platform says the chat does not exist (dismissed, or never was); `unreadable`: it refuses this chat. */
export type GroupRead = { state: 'live'; chat: GroupChat } | { state: 'gone' } | { state: 'unreadable' };

export interface GroupReader {
  /** Transient and permission failures are thrown, so the caller tries again later. */
  read(chatId: string): Promise<GroupRead>;
}

/**
 * An inbound callback in plain terms: the adapter verified and normalised it; the core inbox
 * stores, de-duplicates (on `key`), retries and parks it.
 */
export interface PlatformEvent {
  key: string;
  platform: PlatformId;
  kind:
    | 'group_changed'
    | 'group_dismissed'
    | 'contacts_changed'
    | 'staff_left'
    | 'verify_binding'
    /** A route's own work (a person opened or wrote to a bot; a group to make for an order). */
    | 'route_event';
  chatId?: string;
  userId?: string;
  /** route_event: what happened (e.g. `bot_opened`, `bot_message`, `ensure_group`) and its data. */
  action?: string;
  orderId?: string;
  text?: string;
}

export type ClaimResult = { bound: BindingRecord } | 'retry' | null;

/** What a route saw in a bound group's fresh read (see `GroupRoute.observe`). */
export interface Observation {
  /** Extra webhook data for members who joined by this route (e.g. `{via: 'join_qr', state}`). */
  joinedVia?: ReadonlyMap<string, Record<string, unknown>>;
  /** Webhook events the route queued in the transaction. */
  events: number;
}

/**
 * A way groups come into being. `claim`: a group nobody bound yet — which order is it? (inside
 * the caller's transaction). `sweep`: chat ids the reconcile should re-read besides the bound ones.
 */
export interface GroupRoute {
  id: RouteId;
  platform: PlatformId;
  kind: 'client_creates' | 'server_creates' | 'join_pool';
  claim?(trx: Executor, chat: GroupChat, now: Date): Promise<ClaimResult>;
  /** `failed`: lookups that could not be made this time (counted by the reconcile as failures). */
  sweep?(now: Date): Promise<{ chatIds: string[]; failed: number }>;
  /**
   * A bound group was re-read and its members recorded (inside the sync's transaction), whatever
   * route bound it: a route may tell how the new members came and watch the group (e.g. its size).
   */
  observe?(
    trx: Executor,
    seen: { binding: BindingRecord; chat: GroupChat; joined: readonly SeenMember[]; now: Date },
  ): Promise<Observation>;
}
