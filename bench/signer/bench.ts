// pnpm bench signer: our signer (warm cache, Redis configured) against a minimal Express handler
// and a bare node:http handler computing the same two signatures, 50 connections on loopback.
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { startSimulator } from '@kequn/wecom-sim';
import { forkListening, spawnServer } from '../../test/support/processes';
import { PAGE_ORIGIN, realCorpEnv } from '../../test/support/signer-env';

const CONNECTIONS = 50;
const DURATION_SEC = Number(process.env.BENCH_SECONDS ?? 10);
// This machine's neighbours add noise: each target is measured in several interleaved rounds and
// the median round is reported.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/9';

interface Figures {
  name: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(name: string, base: string, pageOrigin: string): Promise<Figures> {
  const path = `/api/jssdk/signatures?url=${encodeURIComponent(`${pageOrigin}/orders/A-1001?from=scan`)}`;
  const run = (duration: number) => autocannon({ url: `${base}${path}`, connections: CONNECTIONS, duration });
  await run(2); // warm-up: JIT, sockets, caches
  const result = await run(DURATION_SEC);
  return {
    name,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** The round with the median throughput, errors summed over all rounds. */
function median(runs: Figures[]): Figures {
  const sorted = [...runs].sort((a, b) => a.reqPerSec - b.reqPerSec);
  const middle = sorted[Math.floor(sorted.length / 2)] as Figures;
  return { ...middle, errors: runs.reduce((sum, r) => sum + r.errors, 0) };
}

const sim = await startSimulator({ port: 0 });
const redis = new Redis(REDIS_URL);
await redis.flushdb();
await redis.quit();

const server = await spawnServer(realCorpEnv(sim.url, { REDIS_URL, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' }), {
  ready: '/readyz',
  quiet: true,
});
const express = await forkListening('bench/signer/baseline-express.ts');
const bare = await forkListening('bench/signer/baseline-http.ts');

try {
  const targets = [
    { name: 'kequn signer', url: server.url },
    { name: 'minimal express', url: express.url },
    { name: 'bare node:http', url: bare.url },
  ];
  const rounds: Figures[][] = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, target] of targets.entries()) rounds[i]!.push(await measure(target.name, target.url, PAGE_ORIGIN));
  }
  const [ours, minimal, floor] = rounds.map(median) as [Figures, Figures, Figures];
  console.log(
    `\nsigner benchmark: ${CONNECTIONS} connections, ${DURATION_SEC}s per round, median of ${ROUNDS} rounds, warm cache, Redis configured\n`,
  );
  console.log('target                req/s      p50 ms   p99 ms   errors');
  for (const f of [ours, minimal, floor]) {
    console.log(
      `${f.name.padEnd(20)}${f.reqPerSec.toFixed(0).padStart(8)}${f.p50.toFixed(2).padStart(10)}${f.p99.toFixed(2).padStart(9)}${String(f.errors).padStart(9)}`,
    );
  }
  const vsExpress = ours.reqPerSec / minimal.reqPerSec;
  console.log(`\nratio kequn / minimal express: ${vsExpress.toFixed(2)} (target >= 0.80)`);
  console.log(`ratio kequn / bare node:http:  ${(ours.reqPerSec / floor.reqPerSec).toFixed(2)}`);
  console.log(`kequn p99: ${ours.p99.toFixed(2)} ms (target < 10 ms)`);
  const upstream = (await (await fetch(`${sim.url}/__sim/calls`)).json()) as Record<string, number>;
  console.log(`upstream calls during the run: ${JSON.stringify(upstream)}`);
  console.log(vsExpress >= 0.8 && ours.p99 < 10 && ours.errors === 0 ? 'PASS' : 'MISS');
} finally {
  await Promise.all([server.stop(), express.stop(), bare.stop()]);
  await sim.close();
}
