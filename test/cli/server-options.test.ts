import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveServerOptions } from '../../src/cli/server-options.js';

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

  test('an unknown sandbox backend is refused with the setting named', () => {
    assert.throws(() => resolveServerOptions({ sandboxBackend: 'docker' }, {}), /invalid setting sandboxBackend/);
  });
});
