import type { Generated, Kysely, Selectable, Transaction } from 'kysely';
import type { PlatformId, RouteId } from '../groups/ports';

/** Table types as Kysely sees them. Times are timestamptz, read back as Date. */
export type BindingStatus = 'creating' | 'created' | 'confirmed' | 'dismissed';

export interface OrdersTable {
  order_id: string;
  title: string;
  customer_external_user_id: string | null;
  customer_mobile: string | null;
  customer_name: string | null;
  group_name: string | null;
  created_at: Date;
  updated_at: Date;
  /** Closed by the business system (DELETE /api/v1/orders/:id); its group stays with the company. */
  closed_at: Generated<Date | null>;
  platform: Generated<PlatformId>;
  customer_open_id: Generated<string | null>;
}

export interface OrderStaffTable {
  order_id: string;
  user_id: string;
  position: number;
  /** As the business system gave it (WeCom gives new apps none). */
  name: Generated<string | null>;
}

/**
 * One row per order once someone pressed "create group". `creating` rows hold the intent lease
 * (intent_at … lease_until); `chat_id` is set once a group is bound and is unique across orders.
 */
export interface BindingsTable {
  order_id: string;
  chat_id: string | null;
  status: BindingStatus;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  intent_at: Date | null;
  lease_until: Date | null;
  /** An old client created the group but returned no chatId: WeCom's callback will bind it. */
  awaiting_callback: boolean;
  /** JSON array of external user ids the group should contain (for binding from the callback). */
  customer_ids: string;
  /** Chosen by the page that took the lease, so that page may take it again (a lost answer). */
  intent_token: Generated<string | null>;
  confirmed_at: Date | null;
  dismissed_at: Date | null;
  /** When WeCom showed the chat as a customer group with the binding staff member in it. */
  verified_at: Generated<Date | null>;
  /** `(platform, chat_id)` is unique: chat ids are one platform's. */
  platform: Generated<PlatformId>;
  /** How the group came: `jssdk`, `join_qr`, `feishu_bot`. */
  route: Generated<RouteId>;
  /** The group's owner after a handover; null: its creator (`created_by`) still owns it. */
  owner_user_id: Generated<string | null>;
}

/** Groups that were dismissed and then replaced by a new group of the same order. */
export interface DismissedGroupsTable {
  chat_id: string;
  platform: Generated<PlatformId>;
  order_id: string;
  created_by: string;
  created_at: Date;
  confirmed_at: Date | null;
  dismissed_at: Date;
}

export interface GroupMembersTable {
  chat_id: string;
  platform: Generated<PlatformId>;
  member_id: string;
  type: 'staff' | 'customer';
  name: string | null;
  joined_at: Date | null;
  left_at: Date | null;
  /** How they joined, as the platform says (WeCom: 1 invited, 2 link, 3 QR code). */
  join_scene: Generated<number | null>;
  /** The join way's `state` they came through (the join-QR route's key of an order). */
  join_state: Generated<string | null>;
}

/** Columns shared by the two tables worked through with leases (see jobs.ts). */
export interface LeasedColumns {
  id: string;
  attempts: Generated<number>;
  next_attempt_at: Date;
  lease_owner: string | null;
  lease_until: Date | null;
  done_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
}

export type LeasedFields = Selectable<LeasedColumns>;

export interface CallbackEventsTable extends LeasedColumns {
  event: string;
  /** The decrypted event's fields as JSON (ids only, no secrets). */
  fields: string;
  received_at: Date;
  /** The event's chat (group events): pending events of one chat are answered by one re-read. */
  chat_id: Generated<string | null>;
}

export interface WebhookOutboxTable extends LeasedColumns {
  event_type: string;
  payload: string;
  created_at: Date;
}

/** Sign-in attempts in flight: each state may be used once, until it expires. */
export interface OauthStatesTable {
  state: string;
  next: string;
  expires_at: Date;
}

/** Sessions carry the epoch they were issued under; raising it ends them all. */
export interface SessionEpochsTable {
  user_id: string;
  epoch: number;
  updated_at: Date;
}

export interface HandoversTable {
  id: string;
  from_user: string;
  /** Null: each order's next staff member takes its groups (a staff member left the corp). */
  to_user: string | null;
  reason: 'resigned' | 'on_job';
  requested_by: string;
  created_at: Date;
  finished_at: Date | null;
}

export interface HandoverGroupsTable {
  handover_id: string;
  platform: Generated<PlatformId>;
  chat_id: string;
  order_id: string;
  to_user: string;
  state: 'pending' | 'transferred' | 'failed';
  errcode: number | null;
  error: string | null;
  attempts: Generated<number>;
  updated_at: Date;
}

export interface FeishuCodesTable {
  order_id: string;
  code: string;
  /** The unguessable part of the customer QR's URL. */
  qr_token: string;
  problem_code: string | null;
  problem: string | null;
  created_at: Date;
}

export interface FeishuLinksTable {
  order_id: string;
  open_id: string;
  linked_at: Date;
}

export interface FeishuCodeAttemptsTable {
  open_id: string;
  failures: number;
  window_start: Date;
}

export interface JobLeasesTable {
  name: string;
  owner: string;
  lease_until: Date;
}

/** A shell group staff made ahead for the join-QR route: free, or assigned to one order for good. */
export interface PoolGroupsTable {
  platform: Generated<PlatformId>;
  chat_id: string;
  owner: string;
  status: 'free' | 'assigned';
  order_id: string | null;
  registered_by: string;
  registered_at: Date;
  assigned_at: Date | null;
  /** Members at the last read (joining by QR stops at 200). */
  member_count: Generated<number>;
}

/**
 * An order's join QR: `state` is the order's key in the join way; `config_id` is stored before
 * the QR is fetched, so a failure in between never orphans a join way. The lease serialises
 * every change of one order's join way across instances.
 */
export interface JoinQrsTable {
  order_id: string;
  platform: Generated<PlatformId>;
  state: string;
  /** The unguessable part of our QR image URL. */
  qr_token: string;
  chat_id: string | null;
  config_id: string | null;
  wecom_qr_url: string | null;
  lease_owner: string | null;
  lease_until: Date | null;
  created_at: Date;
  updated_at: Date;
  /** When the join way last became complete (config and QR). */
  ready_at: Date | null;
  /** When the group reached the QR cap (group.qr_full sent once). */
  qr_full_at: Generated<Date | null>;
  /** Our copy of WeCom's QR picture (fetched once from wecom_qr_url) and its content type. */
  qr_image: Generated<Buffer | null>;
  qr_image_type: Generated<string | null>;
}

/** Every join way we created (WeCom has no list API): the sweep deletes those no order holds. */
export interface JoinWayLedgerTable {
  config_id: string;
  platform: Generated<PlatformId>;
  order_id: string;
  chat_id: string;
  created_at: Date;
  deleted_at: Date | null;
}

/** Whether a pool's free count is below its low-water mark (one pool.low per crossing). */
export interface PoolAlertsTable {
  scope: string;
  low: boolean;
  changed_at: Date;
}

export interface DB {
  orders: OrdersTable;
  order_staff: OrderStaffTable;
  bindings: BindingsTable;
  group_members: GroupMembersTable;
  dismissed_groups: DismissedGroupsTable;
  callback_events: CallbackEventsTable;
  webhook_outbox: WebhookOutboxTable;
  job_leases: JobLeasesTable;
  oauth_states: OauthStatesTable;
  session_epochs: SessionEpochsTable;
  pool_groups: PoolGroupsTable;
  join_qrs: JoinQrsTable;
  join_way_ledger: JoinWayLedgerTable;
  pool_alerts: PoolAlertsTable;
  handovers: HandoversTable;
  handover_groups: HandoverGroupsTable;
  feishu_codes: FeishuCodesTable;
  feishu_links: FeishuLinksTable;
  feishu_code_attempts: FeishuCodeAttemptsTable;
}

export type Db = Kysely<DB>;
/** Either the database or an open transaction: store functions accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;
