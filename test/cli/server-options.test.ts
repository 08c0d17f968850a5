import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveServerOptions } from '../../src/cli/server-options.js';
import { existsSync } from 'node:fs';
import { Lambdabox } from '../../src/lambdabox.js';
import { createLogger } from '../../src/observe/logger.js';
import { PrivateAllowanceError } from '../../src/sandbox/network/private-allowance.js';
import { repoRoot } from '../helpers/repo-root.js';

describe('lambdabox server settings', () => {
  test('defaults, then environment, then flags', () => {
    const defaults = resolveServerOptions({}, {});
    assert.equal(defaults.port, 9700);
    assert.equal(defaults.sandboxBackend, 'bwrap');
    const fromEnv = resolveServerOptions({}, { LAMBDABOX_SANDBOX_BACKEND: 'gvisor', LAMBDABOX_PORT: '9800' });
    assert.equal(fromEnv.sandboxBackend, 'gvisor');
    assert.equal(fromEnv.port, 9800);
    const fromFlags = resolveServerOptions({ sandboxBackend: 'bwrap' }, { LAMBDABOX_SANDBOX_BACKEND: 'gvisor' });
    assert.equal(fromFlags.sandboxBackend, 'bwrap');
  });

  test('the per-environment connection cap: 128 by default, from the environment or a flag, a positive integer', () => {
    assert.equal(resolveServerOptions({}, {}).connectionsPerEnvironment, 128);
    assert.equal(resolveServerOptions({}, { LAMBDABOX_CONNECTIONS_PER_ENVIRONMENT: '64' }).connectionsPerEnvironment, 64);
    assert.equal(resolveServerOptions({ connectionsPerEnvironment: '256' }, { LAMBDABOX_CONNECTIONS_PER_ENVIRONMENT: '64' }).connectionsPerEnvironment, 256);
    for (const bad of ['0', '-1', '1.5', 'many']) {
      assert.throws(() => resolveServerOptions({ connectionsPerEnvironment: bad }, {}), /invalid setting connectionsPerEnvironment/);
    }
  });

  test('observability settings: the metrics token only from the environment, at least 16 characters; the OTLP endpoint an http(s) URL', () => {
    assert.equal(resolveServerOptions({}, {}).metricsToken, undefined);
    assert.equal(resolveServerOptions({}, { LAMBDABOX_METRICS_TOKEN: 'x'.repeat(16) }).metricsToken, 'x'.repeat(16));
    assert.throws(() => resolveServerOptions({}, { LAMBDABOX_METRICS_TOKEN: 'short' }), /invalid setting metricsToken/);
    assert.equal(resolveServerOptions({ otlpEndpoint: 'http://127.0.0.1:4318' }, {}).otlpEndpoint, 'http://127.0.0.1:4318');
    assert.equal(resolveServerOptions({}, { LAMBDABOX_OTLP_ENDPOINT: 'https://collector:4318' }).otlpEndpoint, 'https://collector:4318');
    for (const bad of ['collector:4318', 'ftp://x', 'not a url']) assert.throws(() => resolveServerOptions({ otlpEndpoint: bad }, {}), /invalid setting otlpEndpoint/);
  });

  test('an unknown sandbox backend is refused with the setting named', () => {
    assert.throws(() => resolveServerOptions({ sandboxBackend: 'docker' }, {}), /invalid setting sandboxBackend/);
  });

  test('--egress-allow-private: none by default, repeatable, several per value, or from the environment', () => {
    assert.deepEqual(resolveServerOptions({}, {}).egressAllowPrivate, []);
    const env = { LAMBDABOX_EGRESS_ALLOW_PRIVATE: '127.0.0.1:5432, [::1]:6379' };
    assert.deepEqual(resolveServerOptions({}, env).egressAllowPrivate, ['127.0.0.1:5432', '[::1]:6379']);
    const flags = resolveServerOptions({ egressAllowPrivate: ['10.0.0.0/8:443,127.0.0.1:8080', '[fd00::/8]:*'] }, env);
    assert.deepEqual(flags.egressAllowPrivate, ['10.0.0.0/8:443', '127.0.0.1:8080', '[fd00::/8]:*'], 'flags replace the environment');
  });

  test('--egress-allow-private refuses names, missing ports and metadata with the entry named', () => {
    for (const bad of ['localhost:5432', '127.0.0.1', '169.254.169.254:80']) {
      assert.throws(() => resolveServerOptions({ egressAllowPrivate: [bad] }, {}), new RegExp(`invalid setting egressAllowPrivate: '${bad.replace(/\./g, '\\.')}'`));
    }
  });

  test('the server command passes every --egress-allow-private flag to the settings', async () => {
    // A bad second entry stops the server before it opens anything: the flags reached the check.
    const run = promisify(execFile)(
      process.execPath,
      [join(repoRoot(), 'bin', 'lambdabox.js'), 'server', '--port', '0', '--egress-allow-private', '127.0.0.1:5432', '--egress-allow-private', 'db.corp:5432'],
      // Should the check ever let it start, the timeout stops the server (SIGTERM drains it).
      { env: { PATH: process.env['PATH'] ?? '', LAMBDABOX_HOME: join(tmpdir(), `lambdabox-cli-flags-${process.pid}`) }, timeout: 60_000 },
    );
    await assert.rejects(run, (err: { code?: number; stderr?: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr ?? '', /invalid setting egressAllowPrivate: 'db\.corp:5432': not an IP address/);
      return true;
    });
  });

  test('a bad egressAllowPrivate entry stops Lambdabox.start before it touches anything, data plane or not', async () => {
    const dataDir = join(tmpdir(), `lambdabox-bad-allowance-${process.pid}`);
    for (const sandbox of [false, true]) {
      const box = new Lambdabox({ host: '127.0.0.1', port: 0, dataDir, region: 'us-east-1', logger: createLogger({ level: 'silent' }), sandbox, egressAllowPrivate: ['127.0.0.1:5432', '[fe80::1]:22'] });
      await assert.rejects(box.start(), (err: Error) => err instanceof PrivateAllowanceError && /'\[fe80::1\]:22': link-local/.test(err.message));
      assert.equal(box.state, 'failed');
    }
    assert.equal(existsSync(dataDir), false);
  });
});
