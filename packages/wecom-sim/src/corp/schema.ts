import { z } from 'zod';

/**
 * The corp's data (directory, contacts, groups). `/__sim/seed` accepts exactly this shape;
 * the demo seed is written in it too. Times are Unix seconds, as WeCom returns them.
 */
const userId = z.string().min(1).max(64);
const externalUserId = z.string().min(1).max(64);

export const departmentSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
  parentId: z.number().int().nonnegative().default(0),
});

export const staffSchema = z.object({
  userId,
  name: z.string().min(1),
  departmentIds: z.array(z.number().int().positive()).default([]),
  avatar: z.string().optional(),
  position: z.string().default(''),
  // Customer-contact permission (客户联系 enabled for this member): only such staff own customer
  // groups or take them over.
  customerContact: z.boolean().default(true),
});

export const followSchema = z.object({
  userId,
  remark: z.string().default(''),
  description: z.string().default(''),
  createTime: z.number().int().nonnegative().default(1_700_000_000),
  remarkCorpName: z.string().default(''),
  remarkMobiles: z.array(z.string()).default([]),
  addWay: z.number().int().nonnegative().default(1),
  state: z.string().optional(),
  tagIds: z.array(z.string()).default([]),
});

export const customerSchema = z.object({
  externalUserId,
  name: z.string().min(1),
  // 1 = personal WeChat user, 2 = WeCom user of another corp.
  type: z.union([z.literal(1), z.literal(2)]).default(1),
  gender: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
  avatar: z.string().optional(),
  unionId: z.string().optional(),
  corpName: z.string().optional(),
  corpFullName: z.string().optional(),
  position: z.string().optional(),
  follows: z.array(followSchema).default([]),
});

export const memberSchema = z.object({
  id: z.string().min(1),
  joinTime: z.number().int().nonnegative().default(1_700_000_000),
  // 1 invited directly, 2 via invitation link, 3 via QR code.
  joinScene: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
  invitor: userId.optional(),
  state: z.string().optional(),
  groupNickname: z.string().default(''),
});

export const groupSchema = z.object({
  chatId: z.string().min(1).max(64),
  // Only customer groups are visible to the externalcontact APIs.
  kind: z.enum(['customer', 'internal']).default('customer'),
  name: z.string().default(''),
  owner: userId,
  createTime: z.number().int().nonnegative().default(1_700_000_000),
  notice: z.string().default(''),
  members: z.array(memberSchema).min(1),
  admins: z.array(userId).default([]),
});

export const joinWaySeedSchema = z.object({
  configId: z.string().min(1),
  // Which app created it: an app sees only its own join ways.
  agentId: z.string().min(1),
  scene: z.union([z.literal(1), z.literal(2)]),
  remark: z.string().default(''),
  autoCreateRoom: z.union([z.literal(0), z.literal(1)]).default(1),
  roomBaseName: z.string().default(''),
  roomBaseId: z.number().int().nonnegative().default(0),
  chatIdList: z.array(z.string()).min(1).max(5),
  state: z.string().default(''),
  markSource: z.boolean().default(true),
});

export const corpSeedSchema = z
  .object({
    departments: z.array(departmentSchema).default([]),
    staff: z.array(staffSchema).min(1),
    customers: z.array(customerSchema).default([]),
    groups: z.array(groupSchema).default([]),
    joinWays: z.array(joinWaySeedSchema).default([]),
  })
  .superRefine((seed, ctx) => {
    for (const message of seedIntegrityProblems(seed)) ctx.addIssue({ code: 'custom', message });
  });

export type CorpSeed = z.output<typeof corpSeedSchema>;
export type CorpSeedInput = z.input<typeof corpSeedSchema>;
export type Department = z.output<typeof departmentSchema>;
export type Staff = z.output<typeof staffSchema>;
export type Customer = z.output<typeof customerSchema>;
export type Follow = z.output<typeof followSchema>;
export type SeedGroup = z.output<typeof groupSchema>;
export type SeedMember = z.output<typeof memberSchema>;
export type JoinWaySeed = z.output<typeof joinWaySeedSchema>;

type SeedShape = Pick<CorpSeed, 'staff' | 'customers' | 'groups' | 'joinWays'>;

/** Cross-references zod cannot express: every id must point at something that exists. */
function seedIntegrityProblems(seed: SeedShape): string[] {
  const problems: string[] = [];
  const staff = new Set(seed.staff.map((s) => s.userId));
  const customers = new Set(seed.customers.map((c) => c.externalUserId));
  const chats = new Set(seed.groups.map((g) => g.chatId));
  duplicates(
    seed.staff.map((s) => s.userId),
    'staff userId',
    problems,
  );
  duplicates(
    seed.customers.map((c) => c.externalUserId),
    'externalUserId',
    problems,
  );
  for (const id of customers) if (staff.has(id)) problems.push(`id ${id} is both staff and customer`);
  duplicates(
    seed.groups.map((g) => g.chatId),
    'chatId',
    problems,
  );
  for (const customer of seed.customers) {
    for (const follow of customer.follows) {
      if (!staff.has(follow.userId))
        problems.push(`customer ${customer.externalUserId} follows unknown staff ${follow.userId}`);
    }
  }
  for (const group of seed.groups) {
    if (!staff.has(group.owner)) problems.push(`group ${group.chatId} has unknown owner ${group.owner}`);
    for (const member of group.members) {
      if (!staff.has(member.id) && !customers.has(member.id))
        problems.push(`group ${group.chatId} has unknown member ${member.id}`);
    }
  }
  for (const way of seed.joinWays) {
    for (const chatId of way.chatIdList) {
      if (!chats.has(chatId)) problems.push(`join way ${way.configId} names unknown chat ${chatId}`);
    }
  }
  return problems;
}

function duplicates(ids: string[], label: string, problems: string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) problems.push(`duplicate ${label} ${id}`);
    seen.add(id);
  }
}
