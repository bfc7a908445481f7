import { z } from 'zod';
import type { CorpDirectory } from '../corp/directory';
import { joinWaySeedSchema } from '../corp/schema';
import type { Group } from '../groups/model';

/**
 * What demo mode keeps across restarts: the corp's mutable data (groups with their members,
 * join ways, who resigned). Tokens, tickets, codes, faults and calls are not kept: a restart
 * is a new WeCom session for every client anyway. The directory itself comes from the seed.
 */
const memberSnapshot = z.object({
  id: z.string().min(1),
  type: z.union([z.literal(1), z.literal(2)]),
  joinTime: z.number().int(),
  joinScene: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  invitor: z.string().optional(),
  state: z.string().optional(),
  groupNickname: z.string(),
});

const groupSnapshot = z.object({
  chatId: z.string().min(1),
  kind: z.enum(['customer', 'internal']),
  name: z.string(),
  owner: z.string().min(1),
  createTime: z.number().int(),
  createdAtMs: z.number(),
  notice: z.string(),
  members: z.array(memberSnapshot),
  admins: z.array(z.string()),
  dismissed: z.boolean(),
  version: z.number().int(),
  transfers: z
    .array(
      z.object({
        kind: z.enum(['resigned', 'onjob']),
        from: z.string(),
        to: z.string(),
        atMs: z.number(),
      }),
    )
    .default([]),
});

export const corpSnapshotSchema = z.object({
  format: z.literal(1),
  savedAt: z.string(),
  groups: z.array(groupSnapshot),
  joinWays: z.object({ ways: z.array(joinWaySeedSchema), created: z.number().int().nonnegative() }),
  resigned: z.record(z.string(), z.number()),
});

export type CorpSnapshot = z.output<typeof corpSnapshotSchema>;

export interface SnapshotSource {
  groups: Group[];
  joinWays: CorpSnapshot['joinWays'];
  resigned: Record<string, number>;
  savedAt: Date;
}

export function buildSnapshot(source: SnapshotSource): CorpSnapshot {
  return {
    format: 1,
    savedAt: source.savedAt.toISOString(),
    groups: structuredClone(source.groups),
    joinWays: source.joinWays,
    resigned: source.resigned,
  };
}

/**
 * Parses a saved file and checks it against the directory it will run with: a snapshot that
 * names people the seed does not know (the seed changed since) is refused as a whole, since
 * half-applying it would leave groups with unknown owners.
 */
export function parseSnapshot(raw: unknown, directory: CorpDirectory): CorpSnapshot | { problem: string } {
  const parsed = corpSnapshotSchema.safeParse(raw);
  if (!parsed.success) return { problem: `not a simulator snapshot: ${parsed.error.issues[0]?.message ?? ''}` };
  const snapshot = parsed.data;
  for (const group of snapshot.groups) {
    const unknown = [group.owner, ...group.members.map((m) => m.id)].find((id) => !directory.memberType(id));
    if (unknown) return { problem: `group ${group.chatId} names ${unknown}, unknown to the seed` };
  }
  const unknownStaff = Object.keys(snapshot.resigned).find((id) => !directory.staff(id));
  if (unknownStaff) return { problem: `resigned ${unknownStaff} is unknown to the seed` };
  return snapshot;
}
