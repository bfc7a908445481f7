import { randomBytes, randomInt } from 'node:crypto';
import type { Executor } from '../../db/schema';

/** No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B): a code read aloud or typed from a receipt survives. */
export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const CODE_LENGTH = 6;

export const newBindCode = () =>
  Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

/** The codes a customer's message may hold: any run of six alphabet characters, case-insensitive. */
export function codesIn(text: string): string[] {
  const found = text.toUpperCase().match(new RegExp(`[${CODE_ALPHABET}]{${CODE_LENGTH}}`, 'g')) ?? [];
  return [...new Set(found)];
}

export interface OrderCode {
  orderId: string;
  code: string;
  qrToken: string;
  problemCode: string | null;
  problem: string | null;
}

const toCode = (r: {
  order_id: string;
  code: string;
  qr_token: string;
  problem_code: string | null;
  problem: string | null;
}) => ({
  orderId: r.order_id,
  code: r.code,
  qrToken: r.qr_token,
  problemCode: r.problem_code,
  problem: r.problem,
});

/** The order's code, made on first use; a clash with another order's code draws again. */
export async function ensureCode(db: Executor, orderId: string, now: Date): Promise<OrderCode> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    await db
      .insertInto('feishu_codes')
      .values({
        order_id: orderId,
        code: newBindCode(),
        qr_token: randomBytes(18).toString('base64url'),
        created_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const row = await db.selectFrom('feishu_codes').selectAll().where('order_id', '=', orderId).executeTakeFirst();
    if (row) return toCode(row);
  }
  throw new Error(`no free bind code for ${orderId}`);
}

/** The open order a code names (a closed order's code names nothing). */
export async function orderOfCode(db: Executor, code: string): Promise<string | null> {
  const row = await db
    .selectFrom('feishu_codes as c')
    .innerJoin('orders as o', 'o.order_id', 'c.order_id')
    .select('c.order_id')
    .where('c.code', '=', code)
    .where('o.closed_at', 'is', null)
    .executeTakeFirst();
  return row?.order_id ?? null;
}

export async function codeOfToken(db: Executor, token: string): Promise<OrderCode | null> {
  const row = await db.selectFrom('feishu_codes').selectAll().where('qr_token', '=', token).executeTakeFirst();
  return row ? toCode(row) : null;
}

export async function findCode(db: Executor, orderId: string): Promise<OrderCode | null> {
  const row = await db.selectFrom('feishu_codes').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  return row ? toCode(row) : null;
}

export async function setProblem(db: Executor, orderId: string, problem: { code: string; message: string } | null) {
  await db
    .updateTable('feishu_codes')
    .set({ problem_code: problem?.code ?? null, problem: problem?.message ?? null })
    .where('order_id', '=', orderId)
    .execute();
}

/** Ties a customer to an order; false when they already were. */
export async function linkCustomer(db: Executor, orderId: string, openId: string, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('feishu_links')
    .values({ order_id: orderId, open_id: openId, linked_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('open_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function linkedCustomers(db: Executor, orderId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('feishu_links')
    .select('open_id')
    .where('order_id', '=', orderId)
    .orderBy('linked_at')
    .orderBy('open_id')
    .execute();
  return rows.map((r) => r.open_id);
}

export async function ordersOfCustomer(db: Executor, openId: string): Promise<string[]> {
  const rows = await db.selectFrom('feishu_links').select('order_id').where('open_id', '=', openId).execute();
  return rows.map((r) => r.order_id);
}

const WRONG_CODE_WINDOW_MS = 10 * 60_000;
const WRONG_CODES_ALLOWED = 5;

/**
 * Whether a person may try a code now: after five wrong codes in ten minutes they wait out the
 * window, so nobody guesses other orders' codes (25^6 ≈ 244 million) by trying.
 */
export async function mayTryCode(db: Executor, openId: string, now: Date): Promise<boolean> {
  const row = await db.selectFrom('feishu_code_attempts').selectAll().where('open_id', '=', openId).executeTakeFirst();
  if (!row || now.getTime() - row.window_start.getTime() > WRONG_CODE_WINDOW_MS) return true;
  return row.failures < WRONG_CODES_ALLOWED;
}

export async function countWrongCode(db: Executor, openId: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - WRONG_CODE_WINDOW_MS);
  await db
    .insertInto('feishu_code_attempts')
    .values({ open_id: openId, failures: 1, window_start: now })
    .onConflict((oc) =>
      oc.column('open_id').doUpdateSet((eb) => ({
        failures: eb
          .case()
          .when('feishu_code_attempts.window_start', '<', since)
          .then(1)
          .else(eb('feishu_code_attempts.failures', '+', 1))
          .end(),
        window_start: eb
          .case()
          .when('feishu_code_attempts.window_start', '<', since)
          .then(now)
          .else(eb.ref('feishu_code_attempts.window_start'))
          .end(),
      })),
    )
    .execute();
}
