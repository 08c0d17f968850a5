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

  test('an unknown sandbox backend is refused with the setting named', () => {
    assert.throws(() => resolveServerOptions({ sandboxBackend: 'docker' }, {}), /invalid setting sandboxBackend/);
  });
});
