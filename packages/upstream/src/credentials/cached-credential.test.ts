import { describe, expect, it } from 'vitest';
import { silentLogger } from '../runtime/types';
import { createFakeClock, type FakeClock } from '../testing/fake-clock';
import { readTestFailure, TestUpstreamError } from '../testing/test-error';
import { CachedCredential, type Fetched } from './cached-credential';
import { MemoryStore } from './memory-store';
import { DEFAULT_CACHE_POLICY } from './policy';
import type { CredentialStore } from './store';

const TTL_SEC = 7200;
const MARGIN = DEFAULT_CACHE_POLICY.safetyMarginMs;
const AHEAD = DEFAULT_CACHE_POLICY.refreshAheadMs;

/** An upstream that hands out token-1, token-2 … and counts how often it was asked. */
function upstream(clock: FakeClock) {
  const state = { calls: 0, next: [] as Array<Fetched | Error>, delayMs: 0 };
  const fetch = async (): Promise<Fetched> => {
    state.calls++;
    if (state.delayMs) await clock.sleep(state.delayMs);
    const scripted = state.next.shift();
    if (scripted instanceof Error) throw scripted;
    return scripted ?? { value: `token-${state.calls}`, expiresInSec: TTL_SEC };
  };
  return { state, fetch };
}

function setup(opts: { store?: CredentialStore; clock?: FakeClock; prepare?: () => Promise<unknown> } = {}) {
  const clock = opts.clock ?? createFakeClock();
  const store = opts.store ?? new MemoryStore(clock);
  const up = upstream(clock);
  const cred = new CachedCredential({
    key: 'ww1:1000002:token',
    kind: 'token',
    store,
    clock,
    sleep: clock.sleep,
    policy: DEFAULT_CACHE_POLICY,
    logger: silentLogger,
    fetch: up.fetch,
    readFailure: readTestFailure,
    ...(opts.prepare ? { prepare: opts.prepare } : {}),
  });
  return { clock, store, up, cred };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CachedCredential', () => {
  it('fetches once when cold and serves the copy afterwards', async () => {
    const { cred, up } = setup();
    expect(await cred.get()).toBe('token-1');
    expect(await cred.get()).toBe('token-1');
    expect(up.state.calls).toBe(1);
  });

  it('lets 300 concurrent cold callers share one fetch (single-flight)', async () => {
    const { cred, up } = setup();
    up.state.delayMs = 100;
    const values = await Promise.all(Array.from({ length: 300 }, () => cred.get()));
    expect(new Set(values)).toEqual(new Set(['token-1']));
    expect(up.state.calls).toBe(1);
  });

  it('expires the copy a safety margin before the upstream TTL', async () => {
    const { cred, up, clock } = setup();
    await cred.get();
    clock.advance(TTL_SEC * 1000 - MARGIN - 1);
    up.state.next.push(new TestUpstreamError('up_unreachable', 'transient'));
    expect(await cred.get()).toBe('token-1'); // still valid; the due background refresh fails quietly
    await settle();
    clock.advance(1);
    expect(await cred.get()).toBe('token-3');
  });

  it('refreshes in the background before expiry while serving the valid value', async () => {
    const { cred, up, clock } = setup();
    await cred.get();
    clock.advance(TTL_SEC * 1000 - MARGIN - AHEAD + 1);
    expect(await cred.get()).toBe('token-1');
    await settle();
    expect(up.state.calls).toBe(2);
    expect(await cred.get()).toBe('token-2');
    expect(cred.status().expiresInMs).toBe(TTL_SEC * 1000 - MARGIN);
  });

  it('keeps the old deadline when the platform returns the same value early', async () => {
    const { cred, up, clock } = setup();
    await cred.get();
    clock.advance(TTL_SEC * 1000 - MARGIN - AHEAD + 1);
    up.state.next.push({ value: 'token-1', expiresInSec: TTL_SEC });
    await cred.get();
    await settle();
    expect(up.state.calls).toBe(2);
    expect(cred.status().expiresInMs).toBe(AHEAD - 1);
    await cred.get(); // no new attempt before refreshRetryMs
    expect(up.state.calls).toBe(2);
  });

  it('never caches a failure', async () => {
    const { cred, up } = setup();
    up.state.next.push(new TestUpstreamError('up_unreachable', 'transient'));
    await expect(cred.get()).rejects.toMatchObject({ code: 'up_unreachable' });
    expect(await cred.get()).toBe('token-2');
  });

  it('fails fast for a while after a configuration error instead of hammering the platform', async () => {
    const { cred, up, clock } = setup();
    up.state.next.push(new TestUpstreamError('up_invalid_secret', 'config'));
    await expect(cred.get()).rejects.toMatchObject({ code: 'up_invalid_secret' });
    await expect(cred.get()).rejects.toMatchObject({ code: 'up_invalid_secret' });
    expect(up.state.calls).toBe(1);
    expect(cred.status().lastError).toBe('up_invalid_secret');
    clock.advance(DEFAULT_CACHE_POLICY.failureHoldMs);
    expect(await cred.get()).toBe('token-2');
  });

  it('neither holds nor records an error the platform does not recognise', async () => {
    const { cred, up } = setup();
    up.state.next.push(new Error('socket hang up'));
    await expect(cred.get()).rejects.toThrow('socket hang up');
    expect(cred.status().lastError).toBeNull();
    expect(await cred.get()).toBe('token-2');
  });

  it('keeps serving a valid value when a refresh hits the quota', async () => {
    const { cred, up, clock } = setup();
    await cred.get();
    clock.advance(TTL_SEC * 1000 - MARGIN - AHEAD + 1);
    up.state.next.push(new TestUpstreamError('up_quota_exceeded', 'quota'));
    expect(await cred.get()).toBe('token-1');
    await settle();
    expect(await cred.get()).toBe('token-1');
    expect(up.state.calls).toBe(2);
  });

  it('invalidates only while the failing value is still cached', async () => {
    const { cred, store } = setup();
    await cred.get();
    await cred.invalidate('some-older-token');
    expect(await store.get('ww1:1000002:token')).toMatchObject({ value: 'token-1' });
    await cred.invalidate('token-1');
    expect(await store.get('ww1:1000002:token')).toBeNull();
    expect(await cred.get()).toBe('token-2');
  });

  it('lets another instance adopt the shared value without fetching', async () => {
    const clock = createFakeClock();
    const store = new MemoryStore(clock);
    const a = setup({ clock, store });
    const b = setup({ clock, store });
    expect(await a.cred.get()).toBe('token-1');
    expect(await b.cred.get()).toBe('token-1');
    expect(b.up.state.calls).toBe(0);
  });

  it('waits for the lease holder instead of fetching a second token', async () => {
    const clock = createFakeClock();
    const store = new MemoryStore(clock);
    const a = setup({ clock, store });
    const b = setup({ clock, store });
    a.up.state.delayMs = 500;
    const [va, vb] = await Promise.all([a.cred.get(), b.cred.get()]);
    expect([va, vb]).toEqual(['token-1', 'token-1']);
    expect(a.up.state.calls + b.up.state.calls).toBe(1);
  });

  it('takes over when the lease holder died, no later than the lease', async () => {
    const clock = createFakeClock();
    const store = new MemoryStore(clock);
    await store.acquireLease('ww1:1000002:token', DEFAULT_CACHE_POLICY.leaseMs); // holder then dies
    const b = setup({ clock, store });
    const started = clock.now();
    expect(await b.cred.get()).toBe('token-1');
    const waited = clock.now() - started;
    expect(waited).toBeGreaterThanOrEqual(DEFAULT_CACHE_POLICY.leaseMs);
    expect(waited).toBeLessThanOrEqual(DEFAULT_CACHE_POLICY.leaseMs + DEFAULT_CACHE_POLICY.pollMs);
  });
  it('waits for the instance that took over a dead lease instead of fetching beside it', async () => {
    const clock = createFakeClock();
    const store = new MemoryStore(clock);
    await store.acquireLease('ww1:1000002:token', DEFAULT_CACHE_POLICY.leaseMs); // holder then dies
    const waiters = [setup({ clock, store }), setup({ clock, store })];
    // The take-over fetch is slow (a busy machine, a slow platform), but well within its own lease.
    for (const w of waiters) w.up.state.delayMs = 3_000;
    const values = await Promise.all(waiters.map((w) => w.cred.get()));
    expect(values).toEqual(['token-1', 'token-1']);
    expect(waiters[0]!.up.state.calls + waiters[1]!.up.state.calls).toBe(1);
  });
});

describe('CachedCredential.prepare', () => {
  it('runs what the fetch depends on before taking the lease, and only when nothing is shared', async () => {
    const clock = createFakeClock();
    const store = new MemoryStore(clock);
    const leaseFreeDuringPrepare: boolean[] = [];
    const prepare = async () => {
      const probe = await store.acquireLease('ww1:1000002:token', 1);
      leaseFreeDuringPrepare.push(probe !== null);
      if (probe) await store.releaseLease('ww1:1000002:token', probe);
    };
    const a = setup({ clock, store, prepare });
    expect(await a.cred.get()).toBe('token-1');
    expect(leaseFreeDuringPrepare).toEqual([true]);
    const b = setup({ clock, store, prepare });
    expect(await b.cred.get()).toBe('token-1'); // shared: nothing to prepare
    expect(leaseFreeDuringPrepare).toEqual([true]);
  });
});

describe('MemoryStore', () => {
  it('never lets a slower, older fetch overwrite a newer value', async () => {
    const clock = createFakeClock();
    const store = new MemoryStore(clock);
    await store.put('k', { value: 'new', obtainedAt: clock.now() + 10, expiresAt: clock.now() + 1000 });
    const held = await store.put('k', { value: 'old', obtainedAt: clock.now(), expiresAt: clock.now() + 1000 });
    expect(held.value).toBe('new');
  });
});

describe('CachedCredential.forceRefresh', () => {
  it('replaces a value a client proved wrong, at most once per interval across instances', async () => {
    const clock = createFakeClock();
    const store = new MemoryStore(clock);
    const a = setup({ clock, store });
    const b = setup({ clock, store });
    expect(await a.cred.get()).toBe('token-1');
    expect(await a.cred.forceRefresh(300_000)).toBe(true);
    expect(await a.cred.get()).toBe('token-2');
    expect(await b.cred.forceRefresh(300_000)).toBe(false); // another instance, same window
    expect(await b.cred.get()).toBe('token-2');
    clock.advance(300_000);
    expect(await b.cred.forceRefresh(300_000)).toBe(true);
    expect(await a.cred.get()).toBe('token-2'); // a still holds its valid copy until it expires
    expect(a.up.state.calls + b.up.state.calls).toBe(3);
  });

  it('lets an instance that lost the race take the value the winner fetched', async () => {
    const clock = createFakeClock();
    const store = new MemoryStore(clock);
    const a = setup({ clock, store });
    const b = setup({ clock, store });
    expect(await a.cred.get()).toBe('token-1');
    expect(await b.cred.get()).toBe('token-1'); // shared
    expect(await a.cred.forceRefresh(300_000)).toBe(true);
    expect(await b.cred.forceRefresh(300_000)).toBe(false);
    expect(await b.cred.get()).toBe('token-2');
    expect(a.up.state.calls + b.up.state.calls).toBe(2);
  });

  it('keeps serving the current value when the forced fetch fails', async () => {
    const { cred, up, store } = setup();
    expect(await cred.get()).toBe('token-1');
    up.state.next.push(new TestUpstreamError('up_quota_exceeded', 'quota'));
    expect(await cred.forceRefresh(300_000)).toBe(false);
    expect(await cred.get()).toBe('token-1');
    expect((await store.get('ww1:1000002:token'))?.value).toBe('token-1');
  });

  it('keeps the real deadline when the forced fetch hands back the same value', async () => {
    const { cred, up, clock } = setup();
    expect(await cred.get()).toBe('token-1');
    const deadline = clock.now() + TTL_SEC * 1000 - MARGIN;
    clock.advance(60 * 60_000);
    up.state.next.push({ value: 'token-1', expiresInSec: TTL_SEC });
    expect(await cred.forceRefresh(300_000)).toBe(true);
    expect(cred.status().expiresInMs).toBe(deadline - clock.now());
  });
});
