import { z } from 'zod';
import { HandoverRequest } from './business';
import { GroupStatus } from './orders';
import { anyLine } from './text';

/**
 * The managers' console (apps/console, served at /console) and its API under /api/console/*.
 * Admins (ADMIN_USER_IDS) may act; viewers (CONSOLE_VIEWER_IDS) only read.
 */

export const ConsoleRole = z.enum(['admin', 'viewer']);
export type ConsoleRole = z.infer<typeof ConsoleRole>;

/** GET /api/console/me */
export const ConsoleMe = z.object({ userId: z.string(), role: ConsoleRole });
export type ConsoleMe = z.infer<typeof ConsoleMe>;

export const ConsolePlatform = z.enum(['wecom', 'feishu']);
export const ConsoleRoute = z.enum(['jssdk', 'join_qr', 'feishu_bot']);

/** A group filter: `none` = the order has no group (nobody pressed "create" yet). */
export const ConsoleGroupFilter = z.enum(['none', 'creating', 'created', 'confirmed', 'dismissed']);
export type ConsoleGroupFilter = z.infer<typeof ConsoleGroupFilter>;

const Cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,300}$/)
  .optional();

/** GET /api/console/orders (and /api/console/orders.csv without cursor/limit). */
export const ConsoleOrdersQuery = z.object({
  /** Part of the order id, title, customer (name, mobile, external id) or a staff member (userid, name). */
  q: anyLine(100).trim().optional(),
  status: ConsoleGroupFilter.optional(),
  platform: ConsolePlatform.optional(),
  route: ConsoleRoute.optional(),
  cursor: Cursor,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ConsoleOrdersQuery = z.infer<typeof ConsoleOrdersQuery>;

export const ConsoleGroupSummary = z.object({
  chatId: z.string().nullable(),
  status: GroupStatus,
  platform: ConsolePlatform,
  route: ConsoleRoute,
  /** False while WeCom has not yet shown the chat with its creator in it. */
  verified: z.boolean(),
});
export type ConsoleGroupSummary = z.infer<typeof ConsoleGroupSummary>;

export const ConsoleOrderRow = z.object({
  orderId: z.string(),
  title: z.string(),
  customer: z.object({
    name: z.string().nullable(),
    mobile: z.string().nullable(),
    externalUserId: z.string().nullable(),
  }),
  staff: z.array(z.object({ userId: z.string(), name: z.string().nullable() })),
  group: ConsoleGroupSummary.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type ConsoleOrderRow = z.infer<typeof ConsoleOrderRow>;

export const ConsoleOrderPage = z.object({ orders: z.array(ConsoleOrderRow), nextCursor: z.string().nullable() });
export type ConsoleOrderPage = z.infer<typeof ConsoleOrderPage>;

/** How a member came into the group: by the order's join QR, or WeCom's join_scene (1, 2, 3). */
export const MemberVia = z.enum(['join_qr', 'invited', 'link', 'qr']);
export type MemberVia = z.infer<typeof MemberVia>;

export const ConsoleMember = z.object({
  id: z.string(),
  type: z.enum(['staff', 'customer']),
  name: z.string().nullable(),
  joinedAt: z.string().nullable(),
  leftAt: z.string().nullable(),
  joinScene: z.number().int().nullable(),
  joinState: z.string().nullable(),
  via: MemberVia.nullable(),
});
export type ConsoleMember = z.infer<typeof ConsoleMember>;

export const ConsoleDelivery = z.object({
  id: z.string(),
  type: z.string(),
  createdAt: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
});
export type ConsoleDelivery = z.infer<typeof ConsoleDelivery>;

/** GET /api/console/orders/:orderId */
export const ConsoleOrderDetail = z.object({
  order: ConsoleOrderRow.extend({ groupName: z.string().nullable() }),
  group: ConsoleGroupSummary.extend({
    createdBy: z.string(),
    owner: z.string(),
    createdAt: z.string(),
    confirmedAt: z.string().nullable(),
    dismissedAt: z.string().nullable(),
  }).nullable(),
  members: z.array(ConsoleMember),
  dismissedGroups: z.array(
    z.object({
      chatId: z.string(),
      createdBy: z.string(),
      createdAt: z.string(),
      confirmedAt: z.string().nullable(),
      dismissedAt: z.string(),
    }),
  ),
  joinQr: z
    .object({
      state: z.string(),
      chatId: z.string().nullable(),
      configId: z.string().nullable(),
      ready: z.boolean(),
      readyAt: z.string().nullable(),
      qrFullAt: z.string().nullable(),
      createdAt: z.string(),
    })
    .nullable(),
  deliveries: z.array(ConsoleDelivery),
  /** Events of the order's page (page_opened …), newest first. */
  events: z.array(z.object({ kind: z.string(), at: z.string() })),
});
export type ConsoleOrderDetail = z.infer<typeof ConsoleOrderDetail>;

/** GET /api/console/pool: the join-QR route's shell groups per owner. */
export const PoolFiguresRow = z.object({
  owner: z.string(),
  free: z.number().int(),
  assigned: z.number().int(),
  nearQrCap: z.number().int(),
  qrFull: z.number().int(),
});
export type PoolFiguresRow = z.infer<typeof PoolFiguresRow>;

export const ConsolePool = z.object({
  /** False when this server has no join-QR route (an empty view). */
  available: z.boolean(),
  total: PoolFiguresRow.omit({ owner: true }),
  owners: z.array(PoolFiguresRow),
  alerts: z.array(z.object({ scope: z.string(), low: z.boolean(), changedAt: z.string() })),
  liveJoinWays: z.number().int(),
});
export type ConsolePool = z.infer<typeof ConsolePool>;

/** GET /api/console/failures */
export const ConsoleFailures = z.object({
  callbacks: z.array(
    z.object({
      id: z.string(),
      event: z.string(),
      chatId: z.string().nullable(),
      receivedAt: z.string(),
      failedAt: z.string(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      fields: z.record(z.string(), z.unknown()),
    }),
  ),
  webhooks: z.array(
    ConsoleDelivery.extend({ orderId: z.string().nullable(), failedAt: z.string(), url: z.string().optional() }),
  ),
  orphanJoinWays: z.array(
    z.object({ configId: z.string(), orderId: z.string(), chatId: z.string(), createdAt: z.string() }),
  ),
});
export type ConsoleFailures = z.infer<typeof ConsoleFailures>;

/** Answer of every console action (redeliver, retry, handover start): what the audit log recorded. */
export const ConsoleActionResult = z.object({ ok: z.literal(true), auditId: z.string() });
export type ConsoleActionResult = z.infer<typeof ConsoleActionResult>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day, YYYY-MM-DD');

/** GET /api/console/figures?from=&to= (China days, both included; default the last 30 days). */
export const FiguresQuery = z.object({ from: Day.optional(), to: Day.optional() });
export type FiguresQuery = z.infer<typeof FiguresQuery>;

export const Durations = z.object({
  count: z.number().int(),
  medianMs: z.number().nullable(),
  p90Ms: z.number().nullable(),
});
export type Durations = z.infer<typeof Durations>;

export const FunnelRow = z.object({
  registered: z.number().int(),
  pageOpened: z.number().int(),
  groupCreated: z.number().int(),
  customerJoined: z.number().int(),
  toGroup: Durations,
  toCustomer: Durations,
});
export type FunnelRow = z.infer<typeof FunnelRow>;

export const ConsoleFigures = z.object({
  from: Day,
  to: Day,
  total: FunnelRow,
  /** By the order's first staff member. */
  perStaff: z.array(FunnelRow.extend({ userId: z.string() })),
  /** By the China day the order was registered. */
  perDay: z.array(FunnelRow.extend({ day: Day })),
});
export type ConsoleFigures = z.infer<typeof ConsoleFigures>;

/** POST /api/console/handovers (admins): the HandoverRequest of the business API plus whose groups. */
export const ConsoleHandoverRequest = HandoverRequest.extend({
  from: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/),
});
export type ConsoleHandoverRequest = z.infer<typeof ConsoleHandoverRequest>;

export const ConsoleHandoverList = z.object({
  handovers: z.array(
    z.object({
      id: z.string(),
      from: z.string(),
      to: z.string().nullable(),
      reason: z.enum(['resigned', 'on_job']),
      requestedBy: z.string(),
      createdAt: z.string(),
      finishedAt: z.string().nullable(),
      counts: z.object({ pending: z.number().int(), transferred: z.number().int(), failed: z.number().int() }),
    }),
  ),
});
export type ConsoleHandoverList = z.infer<typeof ConsoleHandoverList>;

export const AuditAction = z.enum(['webhook.redeliver', 'callback.retry', 'handover.start']);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: AuditAction,
  target: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** GET /api/console/audit?cursor=&limit= (newest first). */
export const AuditQuery = z.object({ cursor: Cursor, limit: z.coerce.number().int().min(1).max(200).default(50) });
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;
