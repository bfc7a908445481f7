import type { Request } from 'express';
import type { z } from 'zod';
import { FeishuError, type FieldViolation } from './feishu-errors';
import { queryParam } from './request';

/** Parses an `/open-apis` body or query with zod; failures are `code` (e.g. 232001) with field violations. */
export function parseApi<S extends z.ZodType>(schema: S, input: unknown, code: number): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const violations: FieldViolation[] = result.error.issues.slice(0, 5).map((issue) => ({
    field: issue.path.join('.') || '(body)',
    description: issue.message,
  }));
  const detail = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
  throw new FeishuError(code, detail, 400, violations);
}

/**
 * Only open ids are simulated: a request naming another id type fails loudly instead of
 * being answered with ids of the wrong kind.
 */
export function requireOpenIdType(req: Request, param: string, code: number): void {
  const value = queryParam(req, param);
  if (value !== undefined && value !== 'open_id') {
    throw new FeishuError(code, `${param}=${value} is not simulated; use open_id`);
  }
}

/** Opaque page tokens carrying the offset. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodePageToken(token: string | undefined, code: number): number {
  if (!token) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'o' in parsed && Number.isInteger(parsed.o)) {
      const offset = parsed.o as number;
      if (offset >= 0) return offset;
    }
  } catch {
    // fall through
  }
  throw new FeishuError(code, 'invalid page_token');
}
