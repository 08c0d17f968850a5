#!/usr/bin/env node
// Compiles src/, test/ and bench/ to dist/ with the project's own TypeScript. Runs on `npm install`
// (the `prepare` script), so `npm start` works right after installing a fresh clone.
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bundleAwsSdk } from './bundle-aws-sdk.mjs';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (result.status === 0) {
  // Code that runs inside sandboxes (bootstrap.py, relay.mjs, …) is not TypeScript: copy it beside the
  // compiled runtimes, which the runtime catalog binds at /var/runtime.
  cpSync('src/runtimes', 'dist/src/runtimes', {
    recursive: true,
    filter: (src) => !/\.[mc]?ts$/.test(src) && !src.includes('__pycache__'),
  });
  // Lambda's Node.js runtimes put the AWS SDK v3 clients on the module path; so do ours.
  const started = Date.now();
  const bundled = await bundleAwsSdk('dist/src/runtimes/nodejs/node_modules');
  if (bundled > 0) console.log(`build: bundled ${bundled} AWS SDK clients in ${Date.now() - started} ms`);
}
process.exit(result.status ?? 1);
