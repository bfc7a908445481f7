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
}

export interface OrderStaffTable {
  order_id: string;
  user_id: string;
  position: number;
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

export interface JobLeasesTable {
  name: string;
  owner: string;
  lease_until: Date;
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
}

export type Db = Kysely<DB>;
/** Either the database or an open transaction: store functions accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;
