import { z } from 'zod';

/** The join-QR route's business API (see apps/server/src/adapters/wecom-join-qr). */
const ChatIdText = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

/** POST /api/v1/pool/groups: shell groups staff made in the WeCom client, for the pool. */
export const RegisterPoolRequest = z.object({ chatIds: z.array(ChatIdText).min(1).max(100) }).strict();
export type RegisterPoolRequest = z.infer<typeof RegisterPoolRequest>;

export const OwnerFigures = z.object({
  owner: z.string(),
  free: z.number().int(),
  assigned: z.number().int(),
  nearQrCap: z.number().int(),
  qrFull: z.number().int(),
});

/** GET /api/v1/pool. */
export const PoolHealth = z.object({
  lowWater: z.number().int(),
  qrCap: z.number().int(),
  free: z.number().int(),
  assigned: z.number().int(),
  nearQrCap: z.number().int(),
  qrFull: z.number().int(),
  owners: z.array(OwnerFigures),
});
export type PoolHealth = z.infer<typeof PoolHealth>;

export const PoolRegistration = z.union([
  z.object({ chatId: z.string(), registered: z.literal(true), owner: z.string(), already: z.boolean() }),
  z.object({
    chatId: z.string(),
    registered: z.literal(false),
    code: z.string(),
    message: z.string(),
    errcode: z.number().int().optional(),
  }),
]);

export const PoolRegistrationResult = z.object({
  registered: z.array(PoolRegistration),
  refused: z.array(PoolRegistration),
  pool: PoolHealth,
});

/** POST|GET /api/v1/orders/:orderId/join-qr. `qrUrl` opens without an API key (SMS, receipts). */
export const JoinQr = z.object({
  orderId: z.string(),
  chatId: z.string(),
  configId: z.string(),
  state: z.string(),
  qrUrl: z.string(),
  wecomQrUrl: z.string(),
  createdAt: z.string(),
});
export type JoinQr = z.infer<typeof JoinQr>;

/** POST /api/orders/:orderId/join-qr (the staff page): the QR to show a customer, and its group. */
export const StaffJoinQr = JoinQr.pick({ orderId: true, chatId: true, qrUrl: true, createdAt: true });
export type StaffJoinQr = z.infer<typeof StaffJoinQr>;
