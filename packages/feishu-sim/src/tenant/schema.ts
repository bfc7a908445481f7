import { z } from 'zod';

/**
 * The simulated tenant: the app (and its bot), the staff, and the external customers.
 * `/__feishu-sim/seed` accepts exactly this shape; the demo seed is written in it too.
 */
const openId = z.string().regex(/^ou_[A-Za-z0-9_-]{1,64}$/, 'open ids look like ou_…');

export const appSchema = z.object({
  appId: z.string().regex(/^cli_[A-Za-z0-9]{4,32}$/, 'app ids look like cli_…'),
  appSecret: z.string().min(8).max(128),
  botOpenId: openId,
  botName: z.string().min(1).default('客群助手'),
});

export const tenantSchema = z.object({
  tenantKey: z.string().min(1).max(64),
  name: z.string().min(1),
});

export const staffSchema = z.object({
  openId,
  name: z.string().min(1),
  userId: z.string().min(1).max(64).optional(),
  unionId: z.string().min(1).optional(),
});

export const customerSchema = z.object({
  openId,
  name: z.string().min(1),
  unionId: z.string().min(1).optional(),
  /** The customer's own tenant (a personal Feishu account has one too). */
  tenantKey: z.string().min(1).max(64).optional(),
  /** True: the customer already opened the bot's one-to-one chat before the seed (no event is sent). */
  openedBot: z.boolean().default(false),
});

export const feishuSeedSchema = z
  .object({
    tenant: tenantSchema,
    app: appSchema,
    staff: z.array(staffSchema).min(1),
    customers: z.array(customerSchema).default([]),
  })
  .superRefine((seed, ctx) => {
    for (const message of seedProblems(seed)) ctx.addIssue({ code: 'custom', message });
  });

export type FeishuSeed = z.output<typeof feishuSeedSchema>;
export type FeishuSeedInput = z.input<typeof feishuSeedSchema>;
export type SimApp = z.output<typeof appSchema>;
export type SimTenant = z.output<typeof tenantSchema>;
export type Staff = z.output<typeof staffSchema>;
export type Customer = z.output<typeof customerSchema>;

/** Cross-references zod cannot express: ids must be unique across staff, customers and the bot. */
function seedProblems(seed: Pick<FeishuSeed, 'app' | 'staff' | 'customers'>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>([seed.app.botOpenId]);
  for (const person of [...seed.staff, ...seed.customers]) {
    if (seen.has(person.openId)) problems.push(`open id ${person.openId} is used twice (or is the bot's)`);
    seen.add(person.openId);
  }
  return problems;
}
