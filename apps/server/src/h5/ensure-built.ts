import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_H5_DIST } from './h5-routes';

/**
 * Run by `pnpm start` before the server: builds the H5 page when there is no build yet. A failed
 * build does not stop the start; the server then shows how to build it.
 */
if (!existsSync(join(DEFAULT_H5_DIST, 'index.html'))) {
  process.stdout.write('kequn: apps/h5/dist is missing; building the H5 page (pnpm --filter @kequn/h5 build)…\n');
  const result = spawnSync('pnpm', ['--filter', '@kequn/h5', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stdout.write('kequn: the H5 build failed; starting anyway (pages will say how to build).\n');
  }
}
