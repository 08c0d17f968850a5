#!/usr/bin/env node
// `npm run bench -- <name> [options]`: builds, then runs the compiled benchmark (dist/bench/main.js).
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

process.chdir(dirname(dirname(fileURLToPath(import.meta.url))));
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) {
  process.stderr.write('npm run bench: the build failed (see the TypeScript errors above)\n');
  process.exit(build.status ?? 1);
}
const bench = spawnSync(process.execPath, ['dist/bench/main.js', ...process.argv.slice(2)], { stdio: 'inherit' });
if (bench.error !== undefined) throw bench.error;
process.exit(bench.status ?? 1);
