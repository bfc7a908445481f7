import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `pnpm demo:reset`: forgets the demo's orders, groups and the simulator's corp together (they
 * live in one folder, so they never disagree). Refuses while a server uses the folder, and never
 * touches a PostgreSQL database.
 */
const serverDir = fileURLToPath(new URL('..', import.meta.url));
const dataDir = resolve(serverDir, process.env.DATA_DIR ?? '.data');

function fail(message: string): never {
  process.stderr.write(`kequn: ${message}\n`);
  process.exit(1);
}

if (process.env.DATABASE_URL) fail('DATABASE_URL is set: demo:reset only removes the embedded demo data folder.');
if (!existsSync(dataDir)) {
  process.stdout.write(`kequn: nothing to reset (${dataDir} does not exist).\n`);
  process.exit(0);
}
const lock = join(dataDir, 'kequn.lock');
if (existsSync(lock)) {
  const pid = Number(readFileSync(lock, 'utf8').trim());
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch (err) {
    alive = (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (alive) fail(`a server (process ${pid}) is using ${dataDir}: stop it first.`);
}
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(`kequn: removed ${dataDir}; the next start seeds the demo afresh.\n`);
