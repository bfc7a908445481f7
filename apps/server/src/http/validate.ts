import { OrderId } from '@kequn/contracts';
import type { z } from 'zod';
import { ApiError, badRequest } from './api-error';

/** Parses a request body; the message names the fields at fault but never echoes their values. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return parseInput(schema, body, 'body');
}

/** Parses query parameters the same way (a repeated parameter arrives as an array and fails). */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  return parseInput(schema, query, 'query');
}

function parseInput<S extends z.ZodType>(schema: S, input: unknown, part: 'body' | 'query'): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || part}: ${i.message}`);
  throw badRequest(`invalid_${part}`, `The request ${part} is not valid. ${problems.join('; ')}.`);
}

export function parseOrderId(raw: unknown): string {
  const parsed = OrderId.safeParse(raw);
  if (!parsed.success) throw badRequest('invalid_order_id', 'orderId must be 1–30 letters, digits, _ or -.');
  return parsed.data;
}

const USER_ID = /^[A-Za-z0-9_.@-]{1,64}$/;

export function parseUserId(raw: unknown): string {
  if (typeof raw !== 'string' || !USER_ID.test(raw)) {
    throw badRequest('invalid_user_id', 'userId must be a WeCom userid: 1–64 letters, digits, _ . @ or -.');
  }
  return raw;
}

export const orderNotFound = (orderId: string) => new ApiError(404, 'order_not_found', `No order ${orderId}.`);
