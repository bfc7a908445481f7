import type { GroupMember } from '@kequn/contracts';
import type { Executor } from '../db/schema';

export interface SeenMember {
  id: string;
  type: 'staff' | 'customer';
  name: string | null;
  joinedAt: Date | null;
  /** How they joined, as the platform says (WeCom: 1 invited, 2 link, 3 QR code). */
  joinScene?: number | null;
  /** The join way's `state` they came through (a join QR names its order with it). */
  state?: string | null;
}

export async function listMembers(db: Executor, chatId: string): Promise<GroupMember[]> {
  const rows = await db
    .selectFrom('group_members')
    .selectAll()
    .where('chat_id', '=', chatId)
    .orderBy('joined_at')
    .orderBy('member_id')
    .execute();
  return rows.map((r) => ({
    id: r.member_id,
    type: r.type,
    name: r.name,
    joinedAt: r.joined_at?.toISOString() ?? null,
    leftAt: r.left_at?.toISOString() ?? null,
  }));
}

/**
 * Brings the recorded members in line with a fresh member list (never with event deltas: events
 * get lost and reordered). Returns who joined and who left since the last record.
 */
export async function syncMembers(
  db: Executor,
  chatId: string,
  current: SeenMember[],
  now: Date,
): Promise<{ joined: SeenMember[]; left: SeenMember[] }> {
  const stored = await db.selectFrom('group_members').selectAll().where('chat_id', '=', chatId).forUpdate().execute();
  const present = new Set(stored.filter((r) => r.left_at === null).map((r) => r.member_id));
  const currentIds = new Set(current.map((m) => m.id));
  const joined = current.filter((m) => !present.has(m.id));
  const left: SeenMember[] = stored
    .filter((r) => r.left_at === null && !currentIds.has(r.member_id))
    .map((r) => ({
      id: r.member_id,
      type: r.type,
      name: r.name,
      joinedAt: r.joined_at,
      joinScene: r.join_scene,
      state: r.join_state,
    }));
  if (joined.length > 0) {
    // One statement for the whole list: a burst of QR joins re-reads a group with dozens of new members.
    await db
      .insertInto('group_members')
      .values(
        joined.map((m) => ({
          chat_id: chatId,
          member_id: m.id,
          type: m.type,
          name: m.name,
          joined_at: m.joinedAt ?? now,
          left_at: null,
          join_scene: m.joinScene ?? null,
          join_state: m.state ?? null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['chat_id', 'member_id']).doUpdateSet((eb) => ({
          type: eb.ref('excluded.type'),
          name: eb.ref('excluded.name'),
          joined_at: eb.ref('excluded.joined_at'),
          left_at: null,
          join_scene: eb.ref('excluded.join_scene'),
          join_state: eb.ref('excluded.join_state'),
        })),
      )
      .execute();
  }
  if (left.length > 0) {
    await db
      .updateTable('group_members')
      .set({ left_at: now })
      .where('chat_id', '=', chatId)
      .where(
        'member_id',
        'in',
        left.map((m) => m.id),
      )
      .execute();
  }
  return { joined, left };
}
