#!/usr/bin/env node
// `npm run fuzz -- --cases N [--seed S]`: builds, then runs the bad-input fuzz (test/fuzz) with N cases
// against a fresh control-plane server. The same code runs bounded in `npm test` (test/fuzz/fuzz.test.ts).
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
process.chdir(root);
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) {
  process.stderr.write('npm run fuzz: the build failed (see the TypeScript errors above)\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(`${root}/dist/test/fuzz/fuzz-main.js`).href);
process.exit(await main(process.argv.slice(2)));
