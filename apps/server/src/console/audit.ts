import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AuditAction, AuditEntry, AuditPage, AuditQuery } from '@kequn/contracts';
import type { Executor } from '../db/schema';
import { decodeCursor, encodeCursor } from './cursor';
import { withConsoleTables } from './tables';

/** Records one console action; returns its id (answered to the console). */
export async function audit(
  db: Executor,
  entry: { actor: string; action: AuditAction; target: string; detail?: Record<string, unknown>; at: Date },
): Promise<string> {
  const id = `aud_${randomUUID()}`;
  await withConsoleTables(db)
    .insertInto('audit_log')
    .values({
      id,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
  return id;
}

/** The audit log, newest first, with a cursor. */
export async function listAudit(db: Executor, q: AuditQuery): Promise<AuditPage> {
  let query = withConsoleTables(db)
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    query = query.where(sql<boolean>`(at, id) < (${c.at}, ${c.id})`);
  }
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  const entries: AuditEntry[] = page.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action as AuditAction,
    target: r.target,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
  const last = page.at(-1);
  return { entries, nextCursor: rows.length > q.limit && last ? encodeCursor(last.at, last.id) : null };
}
