import { z } from 'zod';
import { anyLine, lineText } from './text';

/** Order ids come from the business system; kept to what fits a WeCom join-way `state` (≤ 30). */
export const OrderId = z.string().regex(/^[A-Za-z0-9_-]{1,30}$/, 'letters, digits, _ and -, at most 30');

export const GroupStatus = z.enum(['creating', 'created', 'confirmed', 'dismissed']);
export type GroupStatus = z.infer<typeof GroupStatus>;

export const GroupMember = z.object({
  id: z.string(),
  type: z.enum(['staff', 'customer']),
  name: z.string().nullable(),
  joinedAt: z.string().nullable(),
  leftAt: z.string().nullable(),
});
export type GroupMember = z.infer<typeof GroupMember>;

export const GroupBinding = z.object({
  chatId: z.string().nullable(),
  status: GroupStatus,
  createdBy: z.string(),
  createdAt: z.string(),
  members: z.array(GroupMember),
  /** Where the group lives and how it came (added later; optional for older readers). */
  platform: z.enum(['wecom', 'feishu']).optional(),
  route: z.enum(['jssdk', 'join_qr', 'feishu_bot']).optional(),
});
export type GroupBinding = z.infer<typeof GroupBinding>;

const StaffUserId = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/);

/** PUT /api/v1/orders/:orderId (business API). Staff as `staffUserIds`, or `staff` with names, or both. */
export const UpsertOrderRequest = z
  .object({
    title: lineText(200),
    /** Where the order's group lives: `wecom` (default) or `feishu` (staff ids are then open_ids). */
    platform: z.enum(['wecom', 'feishu']).optional(),
    /** Required on WeCom (externalUserId or mobile); optional on Feishu, where the customer links by code. */
    customer: z
      .object({
        externalUserId: lineText(64).optional(),
        mobile: z
          .string()
          .regex(/^\+?[0-9 -]{5,20}$/)
          .optional(),
        name: anyLine(64).optional(),
        /** Feishu: the customer's open_id when already known (they count as linked). */
        openId: z
          .string()
          .regex(/^ou_[A-Za-z0-9_-]{1,64}$/)
          .optional(),
      })
      .optional(),
    staffUserIds: z.array(StaffUserId).min(1).max(50).optional(),
    /** The same staff with the names to show (new self-built apps get no names from WeCom). */
    staff: z
      .array(z.object({ userId: StaffUserId, name: lineText(64).optional() }))
      .min(1)
      .max(50)
      .optional(),
    groupName: lineText(60).optional(),
  })
  .refine((o) => o.staffUserIds || o.staff, { message: 'give staffUserIds or staff', path: ['staffUserIds'] })
  .refine((o) => o.platform === 'feishu' || o.customer?.externalUserId || o.customer?.mobile, {
    message: 'give customer.externalUserId or customer.mobile',
    path: ['customer'],
  });
export type UpsertOrderRequest = z.infer<typeof UpsertOrderRequest>;

/** The order's staff in order, first mention first, with the names `staff` gave. */
export function staffOfRequest(o: UpsertOrderRequest): Array<{ userId: string; name: string | null }> {
  const names = new Map((o.staff ?? []).map((s) => [s.userId, s.name ?? null]));
  const ids = [...new Set([...(o.staffUserIds ?? []), ...(o.staff ?? []).map((s) => s.userId)])];
  return ids.slice(0, 50).map((userId) => ({ userId, name: names.get(userId) ?? null }));
}

export const DismissedGroup = z.object({
  chatId: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  dismissedAt: z.string(),
});
export type DismissedGroup = z.infer<typeof DismissedGroup>;

export const OrderResponse = z.object({
  orderId: OrderId,
  title: z.string(),
  h5Url: z.string(),
  qrUrl: z.string(),
  group: GroupBinding.nullable(),
  /** Echo of what the business system registered (added later; optional for older readers). */
  groupName: z.string().nullable().optional(),
  customer: z
    .object({ externalUserId: z.string().nullable(), mobile: z.string().nullable(), name: z.string().nullable() })
    .optional(),
  staffUserIds: z.array(z.string()).optional(),
  /** The staff with the names the business system gave (null: none given). */
  staff: z.array(z.object({ userId: z.string(), name: z.string().nullable() })).optional(),
  /** Earlier groups of the order that were dismissed in WeCom, oldest first. */
  dismissedGroups: z.array(DismissedGroup).optional(),
  /** Set once the business system closed the order (DELETE); its group stays with the company. */
  closedAt: z.string().nullable().optional(),
  platform: z.enum(['wecom', 'feishu']).optional(),
  /**
   * Feishu orders: what the business system sends the customer. They open the bot (`botLink`, or
   * scan `customerQrUrl`, which shows the code too) and send `bindCode`; the group is then made.
   */
  feishu: z
    .object({
      bindCode: z.string(),
      botLink: z.string(),
      customerQrUrl: z.string(),
      linkedCustomers: z.array(z.string()),
      /** Why the group could not be made yet (e.g. a person not available to the bot: 232043). */
      problem: z.object({ code: z.string(), message: z.string() }).nullable(),
    })
    .optional(),
});
export type OrderResponse = z.infer<typeof OrderResponse>;

export const Customer = z.object({
  externalUserId: z.string(),
  name: z.string(),
  avatar: z.string().nullable(),
  /** 1 = personal WeChat (groups with one are capped at 40 members), 2 = WeCom user. */
  type: z.union([z.literal(1), z.literal(2)]),
});
export type Customer = z.infer<typeof Customer>;

export const Participant = z.object({
  userId: z.string(),
  name: z.string().nullable(),
  source: z.enum(['order', 'default']),
});
export type Participant = z.infer<typeof Participant>;

/**
 * GET /api/orders/:orderId (staff API, session required): what the H5 page needs.
 * `customer.match`: given = the order named the external user id; mobile = found through the
 * signed-in staff member's remark_mobiles; none = the staff member must pick one.
 */
export const StaffOrderView = z.object({
  orderId: OrderId,
  title: z.string(),
  groupName: z.string(),
  customer: z.object({
    match: z.enum(['given', 'mobile', 'none']),
    customers: z.array(Customer),
    /** The customer the order names cannot be shown (unknown to WeCom, not a contact): say why. */
    problem: z.object({ code: z.string(), message: z.string() }).optional(),
  }),
  participants: z.array(Participant),
  group: GroupBinding.nullable(),
  /** While another press or device is creating the group: who and until when (ISO). */
  creating: z.object({ by: z.string(), until: z.string() }).nullable(),
});
export type StaffOrderView = z.infer<typeof StaffOrderView>;

/** POST /api/orders/:orderId/group/intent → 200 this, or 409 creation_in_progress / group_exists. */
export const GroupIntent = z.object({ by: z.string(), until: z.string() });
export type GroupIntent = z.infer<typeof GroupIntent>;

/**
 * Optional body of the intent: the customers the page is about to put in the group (e.g. picked
 * with selectExternalContact). The server uses them to recognise the group in WeCom's callback
 * when an old client returns no chatId.
 */
/** Chosen by the page that presses: it may take its own live lease again, and only it may give it back. */
export const IntentToken = z.string().regex(/^[A-Za-z0-9-]{16,64}$/, 'letters, digits and -, 16 to 64');

export const GroupIntentRequest = z.object({
  externalUserIds: z.array(z.string().min(1).max(64)).max(20).optional(),
  token: IntentToken.optional(),
});
export type GroupIntentRequest = z.infer<typeof GroupIntentRequest>;

/** DELETE /api/orders/:orderId/group/intent?token= */
export const CancelIntentQuery = z.object({ token: IntentToken.optional() });

/** 409 bodies of the group endpoints: group_exists names the bound chat, creation_in_progress who and until when. */
export const GroupConflictError = z.object({
  error: z.object({
    code: z.enum(['group_exists', 'creation_in_progress', 'chat_bound_elsewhere', 'group_dismissed']),
    message: z.string(),
    chatId: z.string().nullable().optional(),
    by: z.string().optional(),
    until: z.string().optional(),
  }),
});
export type GroupConflictError = z.infer<typeof GroupConflictError>;

/** POST /api/orders/:orderId/group. chatId null: an old client returned none; WeCom's callback binds it. */
export const BindGroupRequest = z.object({ chatId: z.string().min(1).max(128).nullable() });
export type BindGroupRequest = z.infer<typeof BindGroupRequest>;

/**
 * GET /api/orders?chatId= | ?externalUserId= (staff API): the orders a page opened from a group's
 * toolbar, a customer's chat toolbar or profile can offer, newest first.
 */
export const OrderSummary = z.object({
  orderId: OrderId,
  title: z.string(),
  group: z.object({ chatId: z.string(), status: z.enum(['created', 'confirmed', 'dismissed']) }).nullable(),
  updatedAt: z.string().optional(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;
/** `?mine=1&before=<updatedAt>`: the staff member's recent orders, 20 a page; `nextBefore` for the next. */
export const OrderLookup = z.object({ orders: z.array(OrderSummary), nextBefore: z.string().nullable().optional() });
export type OrderLookup = z.infer<typeof OrderLookup>;

export const Me = z.object({ userId: z.string(), name: z.string().nullable(), corpId: z.string() });
export type Me = z.infer<typeof Me>;
