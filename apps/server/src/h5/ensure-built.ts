import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONSOLE_DIST } from '../console/routes';
import { DEFAULT_H5_DIST } from './h5-routes';

/**
 * Run by `pnpm start` before the server: builds the staff page and the console when there is no
 * build yet, so a fresh clone serves both. A failed build does not stop the start; the server
 * then shows how to build it.
 */
const PAGES = [
  { dist: DEFAULT_H5_DIST, pkg: '@kequn/h5', what: 'the H5 page' },
  { dist: DEFAULT_CONSOLE_DIST, pkg: '@kequn/console', what: 'the console' },
];

for (const page of PAGES) {
  if (existsSync(join(page.dist, 'index.html'))) continue;
  process.stdout.write(`kequn: ${page.what} is not built; building it (pnpm --filter ${page.pkg} build)…\n`);
  const result = spawnSync('pnpm', ['--filter', page.pkg, 'build'], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stdout.write(`kequn: building ${page.what} failed; starting anyway (it will say how to build).\n`);
  }
}
