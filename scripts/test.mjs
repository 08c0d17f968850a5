#!/usr/bin/env node
// `npm test [-- filters…]`: installs missing system packages, builds, lints (whole suite only), then runs node's test runner on
// the compiled tests (dist/test/**/*.test.js). Node 20's --test takes no glob, so the files are
// listed here. A filter is a test path (test/x/y.test.ts or dist/test/x/y.test.js), a folder
// (test/control) or a substring of the path (aliases); arguments starting with `-` go to node
// (e.g. --test-name-pattern=…).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
process.chdir(root);

function step(args) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.error !== undefined) throw result.error;
  return result.status ?? 1;
}

function walk(dir, suffix) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(path, suffix));
    else if (entry.isFile() && entry.name.endsWith(suffix)) found.push(path);
  }
  return found;
}

const posix = (p) => p.split(sep).join('/');

/** test/x/y.test.ts and dist/test/x/y.test.js both become dist/test/x/y.test.js. */
function toCompiled(filter) {
  let p = posix(filter).replace(/^\.\//, '').replace(/\/+$/, '');
  if (p.startsWith('test/') || p === 'test') p = `dist/${p}`;
  return p.replace(/\.ts$/, '.js');
}

function select(files, filters) {
  if (filters.length === 0) return files;
  return files.filter((file) =>
    filters.some((f) => {
      const compiled = toCompiled(f);
      return file === compiled || file.startsWith(`${compiled}/`) || file.includes(posix(f).replace(/\.ts$/, ''));
    }),
  );
}

if (step(['scripts/ensure-system.mjs']) !== 0) process.exit(1);
if (step(['scripts/build.mjs']) !== 0) {
  process.stderr.write('npm test: the build failed (see the TypeScript errors above)\n');
  process.exit(1);
}

// A test whose source was deleted or renamed would otherwise keep running from dist/.
for (const compiled of walk('dist/test', '.test.js')) {
  const source = relative('dist', compiled).replace(/\.js$/, '.ts');
  if (!existsSync(source)) {
    rmSync(compiled, { force: true });
    rmSync(`${compiled}.map`, { force: true });
  }
}

const args = process.argv.slice(2);
const nodeFlags = args.filter((a) => a.startsWith('-'));
const filters = args.filter((a) => !a.startsWith('-'));

// The whole suite includes the lint (layers, cycles, in-sandbox imports): a layering break fails `npm test`.
// A run of chosen tests skips it, for speed while working.
if (filters.length === 0 && step(['scripts/lint.mjs', '--no-typecheck']) !== 0) {
  process.stderr.write('npm test: the lint failed (see above; `npm run lint` runs it alone)\n');
  process.exit(1);
}
const all = walk('dist/test', '.test.js').map(posix).sort();
const files = select(all, filters);
if (files.length === 0) {
  process.stderr.write(
    filters.length === 0 ? 'npm test: no compiled tests under dist/test\n' : `npm test: no test matches ${filters.join(' ')}\n`,
  );
  process.exit(1);
}

// The official aws-lambda-ric builds curl and aws-lambda-cpp from source (minutes on a busy machine).
// Build it once here, before the tests run side by side, so its test only reuses the cache.
if (files.some((f) => f.includes('aws-lambda-ric'))) {
  const prebuild = "import('./dist/test/helpers/ric-build.js').then((m) => m.ensureRicBuild()).then((dir) => console.log('aws-lambda-ric ready in ' + dir))";
  if (step(['--input-type=module', '-e', prebuild]) !== 0) process.exit(1);
}

// One throwaway PostgreSQL cluster for the whole run (loopback only, removed at the end): the store
// contract suite runs on it beside SQLite, and LAMBDABOX_TEST_STORE=postgres runs every server on it.
let cluster;
if (process.env.LAMBDABOX_TEST_PG_URL === undefined) {
  const { startPostgresCluster } = await import(pathToFileURL(join(root, 'dist/test/helpers/postgres-cluster.js')).href);
  cluster = await startPostgresCluster();
  process.env.LAMBDABOX_TEST_PG_URL = cluster.url;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      cluster.stop();
      process.exit(1);
    });
  }
}

// A test file that never ends (a leaked server, a handle kept open) must fail CI, not hang it: node's
// runner applies --test-timeout to each file as well as to each test.
const timeout = nodeFlags.some((f) => f.startsWith('--test-timeout')) ? [] : ['--test-timeout=600000'];
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...timeout, ...nodeFlags, ...files], {
  stdio: 'inherit',
});
cluster?.stop();
if (result.error !== undefined) throw result.error;
process.exit(result.status ?? 1);
