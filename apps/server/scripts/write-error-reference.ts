import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errorReference } from '../src/docs/error-reference';

const target = fileURLToPath(new URL('../../../docs/errors.md', import.meta.url));
writeFileSync(target, errorReference());
process.stdout.write(`wrote ${target}\n`);
