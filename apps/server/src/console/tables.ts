import type { Kysely, Transaction } from 'kysely';
import type { DB, Executor } from '../db/schema';

/** Tables of migration 0013_console, kept here so the core's schema stays as it is. */
export interface OrderEventsTable {
  order_id: string;
  /** `page_opened`: the staff view of the order was served. */
  kind: string;
  at: Date;
}

export interface AuditLogTable {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target: string;
  /** JSON object. */
  detail: string;
}

// A type alias (not an interface): withTables wants an index-signature-compatible record.
export type ConsoleTables = {
  order_events: OrderEventsTable;
  audit_log: AuditLogTable;
};

export type ConsoleDb = Kysely<DB & ConsoleTables> | Transaction<DB & ConsoleTables>;

/** The same connection (or transaction), typed with the console's tables too. */
export const withConsoleTables = (db: Executor): ConsoleDb => db.withTables<ConsoleTables>();
