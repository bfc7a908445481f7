// Production build figures for the H5 page: which files index.html loads (initial) and which
// are fetched later (lazy), raw and gzip.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FileSize {
  file: string;
  kind: 'js' | 'css';
  initial: boolean;
  raw: number;
  gzip: number;
}

export interface SizeTotals {
  files: FileSize[];
  initialJs: { raw: number; gzip: number };
  initialCss: { raw: number; gzip: number };
  lazyJs: { raw: number; gzip: number };
  lazyCss: { raw: number; gzip: number };
}

/** Assets index.html references: the entry script, its modulepreloads and stylesheets. */
function initialAssets(distDir: string): Set<string> {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+)"/g)].map((m) => m[1] as string);
  return new Set(refs);
}

export function measureDist(distDir: string): SizeTotals {
  const initial = initialAssets(distDir);
  const files: FileSize[] = readdirSync(join(distDir, 'assets'))
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .map((f) => {
      const bytes = readFileSync(join(distDir, 'assets', f));
      return {
        file: `assets/${f}`,
        kind: f.endsWith('.js') ? 'js' : 'css',
        initial: initial.has(`assets/${f}`),
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: 9 }).length,
      } satisfies FileSize;
    })
    .sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzip - a.gzip);
  const sum = (pick: (f: FileSize) => boolean) => {
    const chosen = files.filter(pick);
    return { raw: total(chosen, 'raw'), gzip: total(chosen, 'gzip') };
  };
  return {
    files,
    initialJs: sum((f) => f.initial && f.kind === 'js'),
    initialCss: sum((f) => f.initial && f.kind === 'css'),
    lazyJs: sum((f) => !f.initial && f.kind === 'js'),
    lazyCss: sum((f) => !f.initial && f.kind === 'css'),
  };
}

const total = (files: FileSize[], key: 'raw' | 'gzip') => files.reduce((n, f) => n + f[key], 0);

export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function printSizes(t: SizeTotals): void {
  console.log('\nH5 production build (kB = 1000 bytes, gzip -9)\n');
  console.log('file                                         load      raw        gzip');
  for (const f of t.files) {
    console.log(
      `${f.file.padEnd(44)} ${(f.initial ? 'initial' : 'lazy').padEnd(8)}${kb(f.raw).padStart(10)}${kb(f.gzip).padStart(12)}`,
    );
  }
  const row = (name: string, s: { raw: number; gzip: number }) =>
    console.log(`${name.padEnd(53)}${kb(s.raw).padStart(10)}${kb(s.gzip).padStart(12)}`);
  console.log('');
  row('initial JS', t.initialJs);
  row('initial CSS', t.initialCss);
  row('lazy JS', t.lazyJs);
  row('lazy CSS', t.lazyCss);
}
