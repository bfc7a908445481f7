import { z } from 'zod';
import { GroupStatus, OrderId } from './orders';

/** GET /api/v1/orders: filters; newest updated first; `cursor` from the previous page's nextCursor. */
export const OrderListQuery = z.object({
  /** The group's status, `none` for orders without a group, `closed` for closed orders. */
  status: z.enum(['none', 'creating', 'created', 'confirmed', 'dismissed', 'closed']).optional(),
  staff: z
    .string()
    .regex(/^[A-Za-z0-9_.@-]{1,64}$/)
    .optional(),
  updatedSince: z.iso.datetime({ offset: true }).optional(),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type OrderListQuery = z.infer<typeof OrderListQuery>;

export const OrderListItem = z.object({
  orderId: OrderId,
  title: z.string(),
  staffUserIds: z.array(z.string()),
  group: z.object({ chatId: z.string().nullable(), status: GroupStatus }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type OrderListItem = z.infer<typeof OrderListItem>;

export const OrderList = z.object({ orders: z.array(OrderListItem), nextCursor: z.string().nullable() });
export type OrderList = z.infer<typeof OrderList>;

/** GET /api/v1/events?after=: the webhook events in the order they were recorded, with their delivery. */
export const EventListQuery = z.object({
  after: z
    .string()
    .regex(/^evt_[A-Za-z0-9-]{1,64}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type EventListQuery = z.infer<typeof EventListQuery>;

export const WebhookEventRecord = z.object({
  id: z.string(),
  type: z.string(),
  createdAt: z.string(),
  data: z.record(z.string(), z.unknown()),
  delivery: z.object({
    state: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
  }),
});
export type WebhookEventRecord = z.infer<typeof WebhookEventRecord>;

export const EventList = z.object({ events: z.array(WebhookEventRecord), nextAfter: z.string().nullable() });
export type EventList = z.infer<typeof EventList>;

/** POST /api/v1/staff/:userId/handover. Without `to`, each order's next staff member takes its groups. */
export const HandoverRequest = z.object({
  to: z
    .string()
    .regex(/^[A-Za-z0-9_.@-]{1,64}$/)
    .optional(),
  reason: z.enum(['resigned', 'on_job']),
});
export type HandoverRequest = z.infer<typeof HandoverRequest>;

export const HandoverGroup = z.object({
  chatId: z.string(),
  orderId: z.string(),
  to: z.string(),
  state: z.enum(['pending', 'transferred', 'failed']),
  errcode: z.number().int().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
});
export type HandoverGroup = z.infer<typeof HandoverGroup>;

export const Handover = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string().nullable(),
  reason: z.enum(['resigned', 'on_job']),
  requestedBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  counts: z.object({ pending: z.number().int(), transferred: z.number().int(), failed: z.number().int() }),
  groups: z.array(HandoverGroup),
});
export type Handover = z.infer<typeof Handover>;
