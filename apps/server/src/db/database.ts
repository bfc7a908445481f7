import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock';
import { migrate } from './migrations';
import type { DB, Db } from './schema';

export interface DatabaseOptions {
  /** PostgreSQL when set; otherwise PGlite files in dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  schema: string;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** Opens the database and brings its schema up to date. One query layer (Kysely) over both engines. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  // The name goes into SQL as is: only plain identifiers (config.ts checks the same).
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
  const opened = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema)
    : await openPglite(options.dataDir, options.schema);
  try {
    await migrate(opened.db as Kysely<unknown>, options.schema);
  } catch (err) {
    await opened.close();
    throw err;
  }
  return opened;
}

const WARM_CONNECTIONS = 5;

async function openPostgres(url: string, schema: string): Promise<Database> {
  await ensureSchema(url, schema);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5_000,
    // Every connection works in our schema, so the queries need no schema prefix.
    options: `-c search_path=${schema}`,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Connections opened before the server takes requests: a restart meets WeCom's retried pushes
  // all at once, and each would otherwise wait for a connection to be set up first.
  await Promise.all(Array.from({ length: WARM_CONNECTIONS }, () => pool.query('select 1')));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query(`create schema if not exists ${schema}`);
  } catch (err) {
    // pg's messages name host and database at most, never the password.
    throw new Error(`cannot reach the database at DATABASE_URL: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function openPglite(dataDir: string, schema: string): Promise<Database> {
  const dir = resolve(dataDir);
  const unlock = lockDataDir(dir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(join(dir, 'pglite'));
    // One connection only: setting the search path once holds for every later query.
    await pglite.exec(`create schema if not exists ${schema}; set search_path to ${schema}`);
  } catch (err) {
    unlock();
    throw err;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      unlock();
    },
  };
}
