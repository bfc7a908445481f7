import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../db/database';

/** The machine's PostgreSQL (CI starts it); each test run works in a schema of its own. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type EngineName = 'pglite' | 'postgres';
export const ENGINES: EngineName[] = ['pglite', 'postgres'];

export interface TestDatabase extends Database {
  /** PostgreSQL: the schema made for this run; PGlite: the data directory. */
  where: string;
  destroy(): Promise<void>;
}

export const uniqueSchema = () => `kequn_test_${randomBytes(6).toString('hex')}`;

export async function openTestDatabase(engine: EngineName): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'kequn-pglite-'));
    const db = await openDatabase({ databaseUrl: null, dataDir: dir, schema: 'public' });
    return {
      ...db,
      where: dir,
      async destroy() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = uniqueSchema();
  const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: '.', schema });
  return {
    ...db,
    where: schema,
    async destroy() {
      await db.close();
      await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1, 9)): { now(): number; advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
  };
}

/** The outbox as a server left it (opened after the server stopped, for PGlite). */
export async function readOutbox(
  at: { databaseUrl: string; schema: string } | { dataDir: string },
): Promise<Array<{ id: string; done: boolean; attempts: number }>> {
  const database = await openDatabase(
    'dataDir' in at
      ? { databaseUrl: null, dataDir: at.dataDir, schema: 'public' }
      : { databaseUrl: at.databaseUrl, dataDir: '.', schema: at.schema },
  );
  try {
    const rows = await database.db.selectFrom('webhook_outbox').select(['id', 'done_at', 'attempts']).execute();
    return rows.map((r) => ({ id: r.id, done: r.done_at !== null, attempts: r.attempts }));
  } finally {
    await database.close();
  }
}
