import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '@kequn/contracts';
import { errorReference } from './error-reference';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the error reference', () => {
  it('lists every code the server answers with', () => {
    const used = new Set<string>();
    const patterns = [
      /(?:badRequest\(|ApiError\(\s*\d{3},\s*)'([a-z_]+)'/g,
      /sendPage\(\s*res,\s*\d{3},\s*'([a-z_]+)'/g,
      /code: '([a-z_]+)'/g,
      /invalid_\$\{part\}/g,
    ];
    // config.ts's `code: 'custom'` is zod's issue kind, not an answer.
    for (const file of sources(SRC).filter((f) => !f.endsWith('config.ts'))) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of patterns) {
        for (const match of text.matchAll(pattern)) {
          if (match[1]) used.add(match[1]);
          else ['invalid_body', 'invalid_query'].forEach((c) => used.add(c));
        }
      }
    }
    const missing = [...used].filter((code) => !(code in API_ERROR_CODES));
    expect(missing).toEqual([]);
  });

  it('is up to date in docs/errors.md (pnpm docs:errors)', () => {
    const file = fileURLToPath(new URL('../../../../docs/errors.md', import.meta.url));
    expect(readFileSync(file, 'utf8')).toBe(errorReference());
  });
});
