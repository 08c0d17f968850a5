/**
 * The lint's structure rules (.dependency-cruiser.cjs, scripts/check-sandbox-python.mjs) catch what they
 * promise: an import cycle, an upward import, a service importing another, host code imported by in-sandbox
 * sources (TypeScript and Python). Each runs on a small tree of its own in a temp dir, beside one clean
 * tree that must pass, so a rule that stopped matching fails here, not silently in CI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';

const root = repoRoot();

function tree(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lbx-lint-'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src/**/*'] }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function cruise(dir: string): { status: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', join(root, '.dependency-cruiser.cjs')],
    { cwd: dir, encoding: 'utf8' },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

const clean: Record<string, string> = {
  'src/shared/clock.ts': 'export const now = (): number => 0;\n',
  'src/store/store.ts': "import { now } from '../shared/clock.js';\nexport const at = now;\n",
  'src/services/sqs/queue.ts': "import { at } from '../../store/store.js';\nexport const queue = at;\n",
  'src/services/iam/user.ts': "import { now } from '../../shared/clock.js';\nexport const user = now;\n",
  'src/control/fn.ts': "import { queue } from '../services/sqs/queue.js';\nexport const fn = queue;\n",
  'src/runtimes/nodejs/boot.mts': "import { createServer } from 'node:http';\nimport { local } from './local.mjs';\nexport const boot = [createServer, local];\n",
  'src/runtimes/nodejs/local.mts': 'export const local = 1;\n',
};

test('a tree that keeps the layers passes', (t) => {
  const dir = tree(clean);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { status, output } = cruise(dir);
  assert.equal(status, 0, output);
});

const breaks: Array<{ rule: string; files: Record<string, string> }> = [
  {
    rule: 'no-circular',
    files: {
      'src/shared/a.ts': "import { b } from './b.js';\nexport const a = (): unknown => b;\n",
      'src/shared/b.ts': "import { a } from './a.js';\nexport const b = (): unknown => a;\n",
    },
  },
  { rule: 'layer-shared', files: { 'src/shared/up.ts': "import { at } from '../store/store.js';\nexport const up = at;\n" } },
  { rule: 'layer-store', files: { 'src/store/up.ts': "import { fn } from '../control/fn.js';\nexport const up = fn;\n" } },
  {
    rule: 'services-apart',
    files: { 'src/services/iam/sibling.ts': "import { queue } from '../sqs/queue.js';\nexport const sibling = queue;\n" },
  },
  {
    rule: 'sandbox-sources-host-free',
    files: { 'src/runtimes/nodejs/host.mts': "import { now } from '../../shared/clock.js';\nexport const host = now;\n" },
  },
  {
    rule: 'sandbox-sources-host-free',
    files: { 'src/runtimes/relay/relay.mjs': "import { z } from 'zod';\nexport const relay = z;\n" },
  },
];

for (const { rule, files } of breaks) {
  test(`${rule} fails the lint: ${Object.keys(files).join(', ')}`, (t) => {
    const dir = tree({ ...clean, ...files });
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const { status, output } = cruise(dir);
    assert.notEqual(status, 0, output);
    assert.match(output, new RegExp(`error ${rule}:`), output);
  });
}

function checkPython(files: Readonly<Record<string, string>>): { status: number | null; output: string } {
  const dir = tree(files);
  try {
    const result = spawnSync(process.execPath, [join(root, 'scripts/check-sandbox-python.mjs'), join(dir, 'py')], { encoding: 'utf8' });
    return { status: result.status, output: result.stdout + result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('in-sandbox Python may import the standard library and its own modules, nothing else', () => {
  const ok = checkPython({ 'py/bootstrap.py': 'import json, os.path\nfrom helper import x\n', 'py/helper.py': 'x = 1\n' });
  assert.equal(ok.status, 0, ok.output);
  const bad = checkPython({ 'py/bootstrap.py': 'import json\nimport requests\n' });
  assert.notEqual(bad.status, 0, bad.output);
  assert.match(bad.output, /bootstrap\.py:2: imports requests/);
});

test('the repository itself passes the structure rules', () => {
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', '.dependency-cruiser.cjs'],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(result.status, 0, result.stdout + result.stderr);
  const python = spawnSync(process.execPath, [join(root, 'scripts/check-sandbox-python.mjs')], { encoding: 'utf8' });
  assert.equal(python.status, 0, python.stdout + python.stderr);
});

// An existing file's name, so typed linting finds it in the project; the text is the probe's.
const PROBE = 'src/shared/mutex.ts';

function eslintOn(path: string, text: string): { status: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', path],
    { cwd: root, input: text, encoding: 'utf8' },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

test('a bare `throw new Error` in src fails the lint; a typed error with a stable code passes', () => {
  const bare = eslintOn(PROBE, "export function f(): never {\n  throw new Error('x');\n}\n");
  assert.equal(bare.status, 1, bare.output);
  assert.match(bare.output, /no-restricted-syntax/);
  const called = eslintOn(PROBE, "export function f(): never {\n  throw Error('x');\n}\n");
  assert.equal(called.status, 1, called.output);
  const typed = eslintOn(
    PROBE,
    "import { InvariantError } from './errors/lambdabox-error.js';\nexport function f(): never {\n  throw new InvariantError('x');\n}\n",
  );
  assert.equal(typed.status, 0, typed.output);
});
