#!/usr/bin/env node
// Compiles src/, test/ and bench/ to dist/ with the project's own TypeScript. Runs on `npm install`
// (the `prepare` script), so `npm start` works right after installing a fresh clone.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
