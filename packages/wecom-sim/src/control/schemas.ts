import { z } from 'zod';
import { CONTEXT_ENTRIES } from '../client-api/client-state';

export const sessionSchema = z.union([
  z.object({ userId: z.string().min(1) }).strict(),
  z.object({ openid: z.string().min(1), externalUserId: z.string().min(1).optional() }).strict(),
]);

export const revokeSchema = z.object({ accessToken: z.string().min(1).optional() });

export const faultSchema = z
  .object({
    path: z.string().startsWith('/'),
    errcode: z.number().int().optional(),
    httpStatus: z.number().int().min(400).max(599).optional(),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    times: z.number().int().min(1).optional(),
  })
  .refine((f) => f.errcode !== undefined || f.httpStatus !== undefined || f.latencyMs !== undefined, {
    message: 'give errcode, httpStatus or latencyMs',
  });

export const advanceSchema = z.object({ seconds: z.number().finite().min(0) });

const callbackSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  token: z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'token: letters and digits, at most 32'),
  encodingAesKey: z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'encodingAesKey: 43 Base64 characters'),
});

export const settingsSchema = z.object({
  customerContactEnabled: z.boolean().optional(),
  trustedOrigins: z.array(z.string().min(1)).optional(),
  callback: callbackSchema.nullable().optional(),
  groupReadLagMs: z.number().int().min(0).max(600_000).optional(),
});

export const contextSchema = z.object({
  entry: z.enum(CONTEXT_ENTRIES),
  externalUserId: z.string().min(1).optional(),
  chatId: z.string().min(1).optional(),
});

export const pickersSchema = z.object({
  externalContact: z.array(z.string()).optional(),
  enterpriseContact: z.array(z.string()).optional(),
});

export const addMembersSchema = z
  .object({
    externalUserIds: z.array(z.string().min(1)).default([]),
    userIds: z.array(z.string().min(1)).default([]),
    // 1 invited, 2 invitation link, 3 QR code.
    joinScene: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(3),
    invitor: z.string().min(1).optional(),
    state: z.string().max(30).optional(),
  })
  .refine((b) => b.externalUserIds.length + b.userIds.length > 0, { message: 'name at least one member' });

export const quitSceneSchema = z.object({ quitScene: z.enum(['0', '1']).default('0') });

export const scanSchema = z.object({ externalUserId: z.string().min(1) });

/** A customer group made in the client by a staff member, empty of customers (a "shell"). */
export const createGroupSchema = z.object({
  owner: z.string().min(1),
  name: z.string().max(64).default(''),
  userIds: z.array(z.string().min(1)).max(100).default([]),
});

export const transferFaultSchema = z.object({
  chatIds: z.array(z.string().min(1)).min(1).max(100),
  // e.g. 90507 (transfer in progress) or -1 (busy).
  errcode: z
    .number()
    .int()
    .refine((code) => code !== 0, 'errcode 0 is not a failure'),
  errmsg: z.string().min(1).optional(),
  times: z.number().int().min(1).default(1),
});

export const joinWaysQuerySchema = z.object({ agentId: z.string().min(1).optional() });
