/**
 * The runtime catalog: each runtime's binds, command and variables (lambda-api.md §5), AWS's
 * deprecation dates, refusals with InvalidRuntimeException, and a python3.11 descriptor actually run
 * (its sandbox paths mapped to the host directories they bind) against a real Runtime API server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuntimeCatalog, runtimeLifecycle } from '../../src/runtimes/catalog.js';
import type { RuntimeDescriptor } from '../../src/runtimes/catalog.js';
import { RuntimeCache } from '../../src/runtimes/runtime-cache.js';
import { isAwsError } from '../../src/shared/errors/aws-error.js';
import { RELAY, json, runtimesDir, startRuntime } from './runtime-harness.js';

const MANAGED_PATH = '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin';
const MANAGED_LD = '/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib';
/** Shared across runs so Node 22 is fetched once per machine, not per test run. */
const SHARED_CACHE = join(tmpdir(), 'lambdabox-test-runtime-cache');

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function isInvalidRuntime(message: RegExp): (err: unknown) => boolean {
  return (err) => {
    assert.ok(isAwsError(err), String(err));
    assert.equal(err.code, 'InvalidRuntimeException');
    assert.equal(err.status, 502);
    assert.match(err.message, message);
    return true;
  };
}

describe('runtime catalog', () => {
  let dir: string;
  /** The real python and relay runtimes plus a stand-in Node bootstrap (another component builds it). */
  let runtimes: string;
  let catalog: RuntimeCatalog;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lambdabox-catalog-'));
    runtimes = join(dir, 'runtimes');
    await mkdir(join(runtimes, 'nodejs'), { recursive: true });
    await writeFile(join(runtimes, 'nodejs', 'bootstrap.mjs'), '// stand-in\n');
    const real = runtimesDir();
    for (const file of [
      'python/bootstrap.py',
      'python/lambdabox_runtime_api.py',
      'python/lambdabox_json_log.py',
      'python/lambdabox_tcp_relay.py',
      'relay/relay.mjs',
    ]) {
      await mkdir(join(runtimes, file, '..'), { recursive: true });
      await writeFile(join(runtimes, file), await readFile(join(real, file)));
    }
    catalog = new RuntimeCatalog({ cache: new RuntimeCache({ cacheDir: SHARED_CACHE }), runtimesDir: runtimes });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('nodejs20.x: /var/runtime, /var/lang with bin/node, NODE_PATH with the node20 layer path', async () => {
    const d = await catalog.resolveRuntime('nodejs20.x');
    assert.equal(d.family, 'nodejs');
    assert.equal(d.runtimeDir, join(runtimes, 'nodejs'));
    assert.ok(d.langDir !== undefined && (await exists(join(d.langDir, 'bin', 'node'))));
    assert.match(d.languageVersion, /^20\./);
    assert.deepEqual(d.mounts, [
      { kind: 'bind', source: join(runtimes, 'nodejs'), dest: '/var/runtime' },
      { kind: 'bind', source: d.langDir, dest: '/var/lang' },
    ]);
    assert.deepEqual(d.command, ['/var/lang/bin/node', '/var/runtime/bootstrap.mjs']);
    assert.deepEqual(d.env, {
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      PATH: MANAGED_PATH,
      LD_LIBRARY_PATH: MANAGED_LD,
      NODE_PATH: '/opt/nodejs/node20/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task',
    });
    assert.deepEqual(d.lifecycle, { deprecation: '2026-04-30', blockFunctionCreate: '2027-02-01', blockFunctionUpdate: '2027-03-03' });
    assert.equal(await catalog.resolveRuntime('nodejs20.x'), d, 'resolved once');
  });

  test('nodejs22.x: Node 22 from the runtime cache, NODE_PATH with node22', async (t) => {
    let d: RuntimeDescriptor;
    try {
      d = await catalog.resolveRuntime('nodejs22.x');
    } catch (err) {
      if (isAwsError(err) && /could not be installed/.test(err.message)) return t.skip(`Node 22 unavailable: ${err.message}`);
      throw err;
    }
    assert.equal(d.langDir, join(SHARED_CACHE, 'node22'));
    assert.match(d.languageVersion, /^22\./);
    assert.equal(d.env['AWS_EXECUTION_ENV'], 'AWS_Lambda_nodejs22.x');
    assert.equal(d.env['NODE_PATH'], '/opt/nodejs/node22/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task');
  });

  test('python3.11: the host python3.11 runs /var/runtime/bootstrap.py, PYTHONPATH=/var/runtime', async () => {
    const d = await catalog.resolveRuntime('python3.11');
    assert.equal(d.family, 'python');
    assert.match(d.languageVersion, /^3\.11\.\d+$/);
    assert.equal(d.langDir, undefined);
    assert.equal(d.relayDir, undefined);
    assert.deepEqual(d.mounts, [{ kind: 'bind', source: join(runtimes, 'python'), dest: '/var/runtime' }]);
    assert.deepEqual(d.command, ['/usr/bin/python3.11', '/var/runtime/bootstrap.py']);
    assert.deepEqual(d.env, {
      AWS_EXECUTION_ENV: 'AWS_Lambda_python3.11',
      PATH: MANAGED_PATH,
      LD_LIBRARY_PATH: MANAGED_LD,
      PYTHONPATH: '/var/runtime',
    });
    assert.deepEqual(d.lifecycle, runtimeLifecycle('python3.11'));
  });

  test('python3.12 and python3.13 run only where the host has that Python, else InvalidRuntimeException', async () => {
    for (const version of ['3.12', '3.13']) {
      const name = `python${version}`;
      if (await exists(`/usr/bin/python${version}`)) {
        assert.ok((await catalog.resolveRuntime(name)).languageVersion.startsWith(`${version}.`));
        continue;
      }
      await assert.rejects(
        catalog.resolveRuntime(name),
        isInvalidRuntime(new RegExp(`^The runtime ${name} is not available on this host: lambdabox runs it with /usr/bin/python${version}, which is not installed\\.`)),
      );
    }
  });

  test('provided.al2023 and provided.al2: the relay finds the bootstrap; no AWS_EXECUTION_ENV, no /var/lang', async () => {
    for (const name of ['provided.al2023', 'provided.al2']) {
      const d = await catalog.resolveRuntime(name);
      assert.equal(d.family, 'provided');
      assert.equal(d.runtimeDir, undefined);
      assert.equal(d.langDir, undefined);
      assert.equal(d.languageVersion, '');
      assert.ok(d.relayDir !== undefined);
      assert.deepEqual(await readFile(join(d.relayDir, 'relay.mjs')), await readFile(RELAY));
      assert.deepEqual(d.mounts, [{ kind: 'bind', source: d.relayDir, dest: '/var/runtime-relay' }]);
      assert.deepEqual(d.command, ['/var/runtime-relay/bin/node', '/var/runtime-relay/relay.mjs', '--provided']);
      assert.deepEqual(d.env, {
        PATH: '/usr/local/bin:/usr/bin/:/bin:/opt/bin',
        LD_LIBRARY_PATH: '/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib',
      });
    }
    assert.equal(runtimeLifecycle('provided.al2')?.deprecation, '2026-07-31');
    assert.equal(runtimeLifecycle('provided.al2023')?.blockFunctionUpdate, '2029-08-31');
  });

  test('AWS deprecation dates for every runtime', () => {
    assert.deepEqual(
      Object.fromEntries(
        ['nodejs20.x', 'nodejs22.x', 'nodejs24.x', 'python3.11', 'python3.12', 'python3.13', 'provided.al2023', 'provided.al2'].map(
          (n) => [n, runtimeLifecycle(n)?.deprecation],
        ),
      ),
      {
        'nodejs20.x': '2026-04-30',
        'nodejs22.x': '2027-04-30',
        'nodejs24.x': '2028-04-30',
        'python3.11': '2027-06-30',
        'python3.12': '2028-10-31',
        'python3.13': '2029-06-30',
        'provided.al2023': '2029-06-30',
        'provided.al2': '2026-07-31',
      },
    );
    assert.equal(runtimeLifecycle('java21'), undefined);
  });

  test('unknown runtimes and missing bootstraps are InvalidRuntimeException', async () => {
    await assert.rejects(catalog.resolveRuntime('java21'), isInvalidRuntime(/^The runtime java21 is not supported by lambdabox\./));
    const empty = new RuntimeCatalog({ cache: new RuntimeCache({ cacheDir: SHARED_CACHE }), runtimesDir: join(dir, 'nothing') });
    await assert.rejects(empty.resolveRuntime('python3.11'), isInvalidRuntime(/bootstrap\.py is missing \(run npm run build\)/));
  });

  test("the python3.11 descriptor runs: its command and variables with the sandbox paths mapped to the host's", async () => {
    const d = await catalog.resolveRuntime('python3.11');
    const toHost = (s: string): string => s.replaceAll('/var/runtime', d.runtimeDir ?? '');
    const rt = await startRuntime({
      command: d.command.map(toHost),
      files: { 'app.py': 'import os, sys\ndef handler(e, c):\n    return [e, os.environ["AWS_EXECUTION_ENV"], sys.version_info[:2]]\n' },
      env: { ...Object.fromEntries(Object.entries(d.env).map(([k, v]) => [k, toHost(v)])), _HANDLER: 'app.handler' },
    });
    try {
      assert.deepEqual(json(await rt.invoke({ via: 'catalog' })), [{ via: 'catalog' }, 'AWS_Lambda_python3.11', [3, 11]]);
    } finally {
      await rt.close();
    }
  });

  test("the provided.al2023 descriptor runs: the cached relay home's node starts the function's bootstrap", async () => {
    const d = await catalog.resolveRuntime('provided.al2023');
    const relayDir = d.relayDir ?? '';
    const rt = await startRuntime({
      // Outside a sandbox there is no /var/task: the candidate is named explicitly.
      command: [...d.command.map((a) => a.replaceAll('/var/runtime-relay', relayDir)), '--candidate', '{task}/bootstrap'],
      files: {
        bootstrap: {
          content:
            '#!/bin/sh\nAPI="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"\nH="$(mktemp)"\n' +
            'E="$(curl -sS -D "$H" "$API/invocation/next")"\n' +
            'R="$(grep -i \'^Lambda-Runtime-Aws-Request-Id:\' "$H" | cut -d: -f2 | tr -d \'[:space:]\')"\n' +
            'curl -sS -o /dev/null --data-binary "[$E, \\"${AWS_EXECUTION_ENV:-unset}\\", \\"$PATH\\"]" "$API/invocation/$R/response"\nsleep 5\n',
          mode: 0o755,
        },
      },
      env: { ...d.env, _HANDLER: 'x' },
    });
    try {
      assert.deepEqual(json(await rt.invoke({ via: 'catalog' })), [{ via: 'catalog' }, 'unset', '/usr/local/bin:/usr/bin/:/bin:/opt/bin']);
    } finally {
      await rt.close();
    }
  });
});
