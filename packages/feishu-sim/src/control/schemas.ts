import { z } from 'zod';

const endpoint = z
  .string()
  .regex(
    /^(\*|GET|POST|PUT|PATCH|DELETE) \/open-apis\/\S*$/i,
    'endpoint: "<METHOD|*> /open-apis/…" (a trailing * matches a prefix)',
  );

export const faultSchema = z
  .object({
    endpoint,
    code: z.number().int().optional(),
    httpStatus: z.number().int().min(400).max(599).optional(),
    http429: z.object({ resetSeconds: z.number().int().min(0).max(3600).default(1) }).optional(),
    lostAnswer: z.union([z.literal('socket'), z.literal(504)]).optional(),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    times: z.number().int().min(1).optional(),
  })
  .strict()
  .refine(
    (f) =>
      f.code !== undefined ||
      f.httpStatus !== undefined ||
      f.http429 !== undefined ||
      f.lostAnswer !== undefined ||
      f.latencyMs !== undefined,
    { message: 'give code, httpStatus, http429, lostAnswer or latencyMs' },
  );

/** The chat-creation faults the Feishu route must survive, by name. */
export const CHAT_CREATE_FAULTS = ['creating', 'rate_limited', 'http_429', 'lost_socket', 'lost_504'] as const;
export type ChatCreateFault = (typeof CHAT_CREATE_FAULTS)[number];

export const chatCreateFaultSchema = z
  .object({
    kind: z.enum(CHAT_CREATE_FAULTS),
    times: z.number().int().min(1).default(1),
    resetSeconds: z.number().int().min(0).max(3600).default(1),
  })
  .strict();

export const settingsSchema = z
  .object({
    eventUrl: z
      .url({ protocol: /^https?$/ })
      .nullable()
      .optional(),
    encryptKey: z.string().min(1).max(256).nullable().optional(),
    verificationToken: z.string().min(1).max(256).optional(),
    externalSharing: z.boolean().optional(),
    memberAddDurationMs: z.number().int().min(0).max(60_000).optional(),
  })
  .strict();

export const advanceSchema = z.object({ seconds: z.number().finite().min(0) }).strict();
export const revokeSchema = z.object({ token: z.string().min(1).optional() }).strict();
export const sayTextSchema = z.object({ text: z.string().min(1).max(4000) }).strict();
export const forgerySchema = z.object({ kind: z.enum(['bad_signature', 'undecryptable']) }).strict();
export const messagesQuerySchema = z.object({
  to: z.string().min(1).optional(),
  chatId: z.string().min(1).optional(),
});
