import { Migrator, sql, type Kysely, type Migration } from 'kysely';

/** Migrations run at start, in name order, under Kysely's migration lock (safe with many instances). */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('orders')
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('customer_external_user_id', 'text')
        .addColumn('customer_mobile', 'text')
        .addColumn('customer_name', 'text')
        .addColumn('group_name', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('order_staff')
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.order_id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('order_staff_pk', ['order_id', 'user_id'])
        .execute();
      await db.schema.createIndex('order_staff_user').on('order_staff').column('user_id').execute();
      await db.schema
        .createTable('bindings')
        .addColumn('order_id', 'text', (c) => c.primaryKey().references('orders.order_id').onDelete('cascade'))
        .addColumn('chat_id', 'text', (c) => c.unique())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('creating', 'created', 'confirmed', 'dismissed')`),
        )
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('intent_at', 'timestamptz')
        .addColumn('lease_until', 'timestamptz')
        .addColumn('awaiting_callback', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('customer_ids', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('confirmed_at', 'timestamptz')
        .addColumn('dismissed_at', 'timestamptz')
        // A bound group has a chat id; only a pending creation may lack one.
        .addCheckConstraint('bindings_chat_id_when_bound', sql`status = 'creating' or chat_id is not null`)
        .execute();
      await db.schema
        .createTable('group_members')
        .addColumn('chat_id', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('staff', 'customer')`))
        .addColumn('name', 'text')
        .addColumn('joined_at', 'timestamptz')
        .addColumn('left_at', 'timestamptz')
        .addPrimaryKeyConstraint('group_members_pk', ['chat_id', 'member_id'])
        .execute();
      for (const table of ['callback_events', 'webhook_outbox'] as const) {
        let create = db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
          .addColumn('lease_owner', 'text')
          .addColumn('lease_until', 'timestamptz')
          .addColumn('done_at', 'timestamptz')
          .addColumn('failed_at', 'timestamptz')
          .addColumn('last_error', 'text');
        create =
          table === 'callback_events'
            ? create
                .addColumn('event', 'text', (c) => c.notNull())
                .addColumn('fields', 'text', (c) => c.notNull())
                .addColumn('received_at', 'timestamptz', (c) => c.notNull())
            : create
                .addColumn('event_type', 'text', (c) => c.notNull())
                .addColumn('payload', 'text', (c) => c.notNull())
                .addColumn('created_at', 'timestamptz', (c) => c.notNull());
        await create.execute();
        // Workers look for due, unfinished rows.
        await db.schema
          .createIndex(`${table}_due`)
          .on(table)
          .column('next_attempt_at')
          .where(sql.ref('done_at'), 'is', null)
          .execute();
      }
      await db.schema
        .createTable('job_leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  '0002_dismissed_groups': {
    // When an order whose group was dismissed gets a new group, the old one is kept here.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('dismissed_groups')
        .addColumn('chat_id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.order_id').onDelete('cascade'))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('confirmed_at', 'timestamptz')
        .addColumn('dismissed_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dismissed_groups_order').on('dismissed_groups').column('order_id').execute();
    },
  },
  '0003_intent_token': {
    // The page that took a lease says so again when the answer got lost (see acquireIntent).
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('bindings').addColumn('intent_token', 'text').execute();
    },
  },
  '0004_orders_customer_index': {
    // The toolbar and profile pages look orders up by their customer.
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('orders_customer').on('orders').column('customer_external_user_id').execute();
    },
  },
  '0005_sign_in': {
    // OAuth states are single-use records (shared by all instances); a per-person session epoch
    // ends all of that person's sessions at once (logout, an admin, staff leaving).
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('oauth_states')
        .addColumn('state', 'text', (c) => c.primaryKey())
        .addColumn('next', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('oauth_states_expiry').on('oauth_states').column('expires_at').execute();
      await db.schema
        .createTable('session_epochs')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('epoch', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  '0006_binding_verified': {
    // A chat becomes an order's group only once WeCom shows the binding staff member in it.
    // Bindings from before: verified when the creator was already seen among the group's members.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('bindings').addColumn('verified_at', 'timestamptz').execute();
      await sql`update bindings set verified_at = coalesce(confirmed_at, created_at)
        where chat_id is not null and exists (
          select 1 from group_members m where m.chat_id = bindings.chat_id and m.member_id = bindings.created_by)`.execute(
        db,
      );
    },
  },
  '0007_platform_and_route': {
    // One core for every platform: chat ids are unique per platform, and a binding records the
    // route its group came by (the JS-SDK today; a join QR or a Feishu bot next).
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('bindings')
        .addColumn('platform', 'text', (c) => c.notNull().defaultTo('wecom'))
        .execute();
      await db.schema
        .alterTable('bindings')
        .addColumn('route', 'text', (c) => c.notNull().defaultTo('jssdk'))
        .execute();
      await sql`alter table bindings drop constraint if exists bindings_chat_id_key`.execute(db);
      await db.schema
        .createIndex('bindings_platform_chat')
        .on('bindings')
        .columns(['platform', 'chat_id'])
        .unique()
        .execute();
      for (const table of ['group_members', 'dismissed_groups']) {
        await db.schema
          .alterTable(table)
          .addColumn('platform', 'text', (c) => c.notNull().defaultTo('wecom'))
          .execute();
      }
    },
  },
  '0008_order_lifecycle': {
    // Orders can be closed by the business system (their group stays with the company), and are
    // listed newest-updated first with a cursor.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('orders').addColumn('closed_at', 'timestamptz').execute();
      await db.schema.createIndex('orders_updated').on('orders').columns(['updated_at', 'order_id']).execute();
    },
  },
  '0009_join_qr': {
    // The join-QR route: a pool of shell groups staff made ahead, one join way per order (and a
    // ledger of every join way we created, so none leaks), how each member joined, and the chat
    // of each inbound event (a burst of events for one chat is answered by one re-read).
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('pool_groups')
        .addColumn('platform', 'text', (c) => c.notNull().defaultTo('wecom'))
        .addColumn('chat_id', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('free', 'assigned')`))
        .addColumn('order_id', 'text', (c) => c.unique().references('orders.order_id').onDelete('set null'))
        .addColumn('registered_by', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
        .addColumn('assigned_at', 'timestamptz')
        .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('pool_groups_pk', ['platform', 'chat_id'])
        .execute();
      await db.schema.createIndex('pool_groups_free').on('pool_groups').columns(['status', 'owner']).execute();
      await db.schema
        .createTable('join_qrs')
        .addColumn('order_id', 'text', (c) => c.primaryKey().references('orders.order_id').onDelete('cascade'))
        .addColumn('platform', 'text', (c) => c.notNull().defaultTo('wecom'))
        .addColumn('state', 'text', (c) => c.notNull().unique())
        .addColumn('qr_token', 'text', (c) => c.notNull().unique())
        .addColumn('chat_id', 'text')
        .addColumn('config_id', 'text', (c) => c.unique())
        .addColumn('wecom_qr_url', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('ready_at', 'timestamptz')
        .addColumn('qr_full_at', 'timestamptz')
        .execute();
      await db.schema
        .createTable('join_way_ledger')
        .addColumn('config_id', 'text', (c) => c.primaryKey())
        .addColumn('platform', 'text', (c) => c.notNull().defaultTo('wecom'))
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('chat_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('deleted_at', 'timestamptz')
        .execute();
      await db.schema
        .createIndex('join_way_ledger_live')
        .on('join_way_ledger')
        .column('created_at')
        .where(sql.ref('deleted_at'), 'is', null)
        .execute();
      await db.schema
        .createTable('pool_alerts')
        .addColumn('scope', 'text', (c) => c.primaryKey())
        .addColumn('low', 'boolean', (c) => c.notNull())
        .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('group_members').addColumn('join_scene', 'integer').execute();
      await db.schema.alterTable('group_members').addColumn('join_state', 'text').execute();
      await db.schema.alterTable('callback_events').addColumn('chat_id', 'text').execute();
      await db.schema
        .createIndex('callback_events_pending_chat')
        .on('callback_events')
        .columns(['chat_id', 'received_at'])
        .where(sql.ref('done_at'), 'is', null)
        .execute();
    },
  },
  '0010_staff_names': {
    // New self-built apps get no staff names from WeCom: the business system may send them.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('order_staff').addColumn('name', 'text').execute();
    },
  },
  '0011_handover': {
    // Groups move to a successor when their owner leaves or changes job; each group's result is
    // kept, so a retry sends only what has not moved, and the console can show what failed and why.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('bindings').addColumn('owner_user_id', 'text').execute();
      await db.schema
        .createTable('handovers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('from_user', 'text', (c) => c.notNull())
        .addColumn('to_user', 'text')
        .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('resigned', 'on_job')`))
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('finished_at', 'timestamptz')
        .execute();
      await db.schema
        .createTable('handover_groups')
        .addColumn('handover_id', 'text', (c) => c.notNull().references('handovers.id').onDelete('cascade'))
        .addColumn('platform', 'text', (c) => c.notNull().defaultTo('wecom'))
        .addColumn('chat_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('to_user', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'transferred', 'failed')`))
        .addColumn('errcode', 'integer')
        .addColumn('error', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('handover_groups_pk', ['handover_id', 'chat_id'])
        .execute();
    },
  },
  '0012_join_qr_image': {
    // WeCom's qr_code is a picture of the code on its CDN: we keep a copy of those bytes and serve
    // them, so the customer scans WeCom's own code even if its link stops working.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('join_qrs').addColumn('qr_image', 'bytea').execute();
      await db.schema.alterTable('join_qrs').addColumn('qr_image_type', 'text').execute();
    },
  },
  '0013_console': {
    // The managers' console: what staff did with an order's page (page_opened …), every action
    // taken in the console, and indexes for its lists (newest orders, figures by period).
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('order_events')
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.order_id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('order_events_order')
        .on('order_events')
        .columns(['order_id', 'kind', 'at'])
        .execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
      await db.schema.createIndex('orders_created').on('orders').columns(['created_at', 'order_id']).execute();
      await db.schema.createIndex('bindings_created').on('bindings').column('created_at').execute();
    },
  },
  '0014_feishu': {
    // The Feishu bot route: orders say their platform; a customer links to an order by sending its
    // code to the bot (codes unique among open orders); wrong codes are counted per person.
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('orders')
        .addColumn('platform', 'text', (c) => c.notNull().defaultTo('wecom'))
        .execute();
      await db.schema.alterTable('orders').addColumn('customer_open_id', 'text').execute();
      await db.schema
        .createTable('feishu_codes')
        .addColumn('order_id', 'text', (c) => c.primaryKey().references('orders.order_id').onDelete('cascade'))
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('qr_token', 'text', (c) => c.notNull().unique())
        .addColumn('problem_code', 'text')
        .addColumn('problem', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('feishu_links')
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.order_id').onDelete('cascade'))
        .addColumn('open_id', 'text', (c) => c.notNull())
        .addColumn('linked_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('feishu_links_pk', ['order_id', 'open_id'])
        .execute();
      await db.schema.createIndex('feishu_links_open_id').on('feishu_links').column('open_id').execute();
      await db.schema
        .createTable('feishu_code_attempts')
        .addColumn('open_id', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_start', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  '0015_console_speed': {
    // The console's free-text search by trigram indexes where pg_trgm can be had, and its figures
    // from one row per order (order_facts) instead of joining five tables: writes to those tables
    // only note the order as stale (a statement trigger); the figures bring stale rows up to date.
    async up(db: Kysely<unknown>) {
      await trigramIndexes(db);
      await db.schema
        .createTable('order_facts')
        .addColumn('order_id', 'text', (c) => c.primaryKey().references('orders.order_id').onDelete('cascade'))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        // The China day of created_at. Grouping keys that sort fast: a date, text in "C" (byte
        // order; it groups as any deterministic collation does).
        .addColumn('day', 'date', (c) => c.notNull())
        .addColumn('staff', sql`text collate "C"`, (c) => c.notNull())
        .addColumn('opened', 'boolean', (c) => c.notNull())
        .addColumn('to_group_ms', 'float8')
        .addColumn('to_customer_ms', 'float8')
        .execute();
      await db.schema.createIndex('order_facts_created').on('order_facts').column('created_at').execute();
      // No keys: a writer only appends, so it never waits on (or deadlocks with) a reader.
      await db.schema
        .createTable('order_facts_stale')
        .addColumn('order_id', 'text')
        .addColumn('chat_id', 'text')
        .addColumn('platform', 'text')
        .execute();
      await sql`
        create function order_facts_mark() returns trigger language plpgsql set search_path from current as $$
        begin
          -- A member counts by its group (resolved when refreshed: the binding may come later).
          if tg_table_name = 'group_members' then
            if tg_op <> 'DELETE' then
              insert into order_facts_stale (chat_id, platform)
                select distinct chat_id, platform from new_rows where type = 'customer';
            end if;
            if tg_op <> 'INSERT' then
              insert into order_facts_stale (chat_id, platform)
                select distinct chat_id, platform from old_rows where type = 'customer';
            end if;
          else
            if tg_op <> 'DELETE' then
              insert into order_facts_stale (order_id) select distinct order_id from new_rows;
            end if;
            if tg_op <> 'INSERT' then
              insert into order_facts_stale (order_id) select distinct order_id from old_rows;
            end if;
          end if;
          return null;
        end $$`.execute(db);
      for (const table of ['orders', 'order_staff', 'order_events', 'bindings', 'group_members']) {
        const referencing = {
          insert: 'new table as new_rows',
          update: 'old table as old_rows new table as new_rows',
          delete: 'old table as old_rows',
        };
        for (const [op, rows] of Object.entries(referencing)) {
          await sql`create trigger ${sql.raw(`${table}_facts_${op}`)} after ${sql.raw(op)} on ${sql.table(table)}
            referencing ${sql.raw(rows)} for each statement execute function order_facts_mark()`.execute(db);
        }
      }
      // Orders already there are worked out by the first figures read.
      await sql`insert into order_facts_stale (order_id) select order_id from orders`.execute(db);
    },
  },
};

/**
 * pg_trgm where this server may create it (PostgreSQL; PGlite does not load it), and GIN indexes
 * for the console's ILIKE search over them. Without it the same queries run, by scanning.
 */
async function trigramIndexes(db: Kysely<unknown>): Promise<void> {
  // Each attempt in a block of its own: a failure must not abort the migration's transaction.
  // In public when allowed, so dropping one schema never drops the extension under the others.
  // The lock (until commit) makes a schema migrating at the same time wait and then see it.
  await sql`
    do $$
    begin
      perform pg_advisory_xact_lock(hashtext('kequn.pg_trgm'));
      begin
        create extension if not exists pg_trgm schema public;
      exception when others then
        begin
          create extension if not exists pg_trgm;
        exception when others then
          null;
        end;
      end;
    end $$`.execute(db);
  // The expression is the console's (apps/server/src/console/search.ts): the planner matches it as written.
  await sql`
    do $$
    declare ns text;
    begin
      select n.nspname into ns from pg_extension e join pg_namespace n on n.oid = e.extnamespace
        where e.extname = 'pg_trgm';
      if ns is null then
        return;
      end if;
      execute format('create index orders_search_trgm on orders using gin ((order_id || '' '' || title || '' '' ||
        coalesce(customer_name, '''') || '' '' || coalesce(customer_mobile, '''') || '' '' ||
        coalesce(customer_external_user_id, '''')) %I.gin_trgm_ops)', ns);
      execute format('create index order_staff_search_trgm on order_staff
        using gin (user_id %1$I.gin_trgm_ops, name %1$I.gin_trgm_ops)', ns);
    end $$`.execute(db);
}

export async function migrate(db: Kysely<unknown>, schema: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Named explicitly: Kysely otherwise finds a migration table of any schema and skips ours.
    migrationTableSchema: schema,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
