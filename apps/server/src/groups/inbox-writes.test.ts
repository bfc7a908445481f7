import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDatabase, type TestDatabase } from '../testing/databases';
import { InboxWrites, type EventRow } from './inbox-writes';

/** Counts the INSERT statements the database is sent. */
class InsertCounter implements KyselyPlugin {
  inserts = 0;
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind === 'InsertQueryNode') this.inserts += 1;
    return node;
  }
  transformResult({ result }: PluginTransformResultArgs) {
    return Promise.resolve(result);
  }
}

const row = (id: string, chatId = 'wrChat'): EventRow => ({
  id,
  event: 'group_changed',
  fields: JSON.stringify({ platform: 'wecom', chatId }),
  received_at: new Date(),
  chat_id: chatId,
  next_attempt_at: new Date(),
});

describe.each(ENGINES)('inbox writes on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database?.destroy());

  const stored = async (prefix: string) =>
    (await database.db.selectFrom('callback_events').select('id').where('id', 'like', `${prefix}%`).execute())
      .map((r) => r.id)
      .sort();

  it('writes the first events at once (3 side by side) and those arriving meanwhile in one INSERT, each told if it was new', async () => {
    const counter = new InsertCounter();
    const writes = new InboxWrites(database.db.withPlugin(counter));
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a3'];
    const results = await Promise.all(ids.map((id) => writes.insert(row(id))));
    // The same event twice (a retry racing the original): exactly one of the two is the new one.
    expect(results.filter((r, i) => ids[i] !== 'a3').every(Boolean)).toBe(true);
    expect(results.filter((r, i) => ids[i] === 'a3').sort()).toEqual([false, true]);
    expect(counter.inserts).toBe(4); // three at once, then the six that waited together
    expect(await stored('a')).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8']);
    // Seen before (a WeCom retry of a recorded push): not new, in a batch or alone.
    expect(await Promise.all(['a2', 'a9'].map((id) => writes.insert(row(id))))).toEqual([false, true]);
    expect(await writes.insert(row('a9'))).toBe(false);
  });

  it('fails only the row the database refuses, not the others written with it', async () => {
    const writes = new InboxWrites(database.db);
    const outcomes = await Promise.allSettled(
      [row('b1'), row('b2'), row('b3', 'wr\u0000bad'), row('b4')].map((r) => writes.insert(r)),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await stored('b')).toEqual(['b1', 'b2', 'b4']);
    // The writer goes on after a failure.
    expect(await writes.insert(row('b5'))).toBe(true);
  });
});
