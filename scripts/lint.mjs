#!/usr/bin/env node
// `npm run lint`: eslint, the type check, the layer and cycle rules (dependency-cruiser,
// .dependency-cruiser.cjs) and the in-sandbox Python import check. `npm test` runs it after its own build
// with --no-typecheck (the build has just type-checked the same tsconfig). Tools are run by path: their
// packages do not export their bin files.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
process.chdir(dirname(dirname(fileURLToPath(import.meta.url))));
const typecheck = !process.argv.includes('--no-typecheck');

const steps = [
  ['eslint', ['node_modules/eslint/bin/eslint.js', '.']],
  ...(typecheck ? [['tsc', [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']]] : []),
  ['dependency-cruiser', ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', 'src', '--config', '.dependency-cruiser.cjs']],
  ['python imports', ['scripts/check-sandbox-python.mjs']],
];
let failed = 0;
for (const [name, args] of steps) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) {
    process.stderr.write(`lint: ${name} failed\n`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
