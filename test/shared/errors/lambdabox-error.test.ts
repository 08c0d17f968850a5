/**
 * Platform failures carry a stable code that callers match on: each class keeps its own code, its
 * name is the class's, and the list of codes has no duplicate (a renamed or reused code would break
 * whoever matches on it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as errors from '../../../src/shared/errors/lambdabox-error.js';
import { SchemaTooNewError } from '../../../src/store/sqlite/schema.js';
import { StoreClosedError } from '../../../src/store/sqlite/sqlite-store.js';
import { DeliveryRefusedError } from '../../../src/invoke/async/delivery-refused-error.js';
import { RuntimeInstallError } from '../../../src/runtimes/runtime-install-error.js';
import { NoCredentialsError, UnexpectedResponseError } from '../../../src/cli/cli-errors.js';
import { PeerUnreachableError } from '../../../src/cluster/peer-client.js';
import { MasterKeyMismatchError } from '../../../src/cluster/master-key-check.js';

test('the codes are unique', () => {
  assert.equal(new Set(errors.LAMBDABOX_ERROR_CODES).size, errors.LAMBDABOX_ERROR_CODES.length);
});

test('each error class carries its code and its own name', () => {
  const cases: Array<[errors.LambdaboxError, string, string]> = [
    [new errors.ClosedError('m'), 'ERR_CLOSED', 'ClosedError'],
    [new errors.NotStartedError('m'), 'ERR_NOT_STARTED', 'NotStartedError'],
    [new errors.InvalidStateError('m'), 'ERR_INVALID_STATE', 'InvalidStateError'],
    [new errors.InvariantError('m'), 'ERR_INVARIANT', 'InvariantError'],
    [new errors.InvalidArgumentError('m'), 'ERR_INVALID_ARGUMENT', 'InvalidArgumentError'],
    [new errors.ConfigError('m'), 'ERR_CONFIG', 'ConfigError'],
    [new errors.HostError('m'), 'ERR_HOST', 'HostError'],
    [new errors.InUseError('m'), 'ERR_IN_USE', 'InUseError'],
    [new SchemaTooNewError('core', 9, 7), 'ERR_SCHEMA_TOO_NEW', 'SchemaTooNewError'],
    [new StoreClosedError(), 'ERR_STORE_CLOSED', 'StoreClosedError'],
    [new DeliveryRefusedError('m'), 'ERR_DELIVERY_REFUSED', 'DeliveryRefusedError'],
    [new RuntimeInstallError('m'), 'ERR_RUNTIME_INSTALL', 'RuntimeInstallError'],
    [new NoCredentialsError('m'), 'ERR_NO_CREDENTIALS', 'NoCredentialsError'],
    [new UnexpectedResponseError('m'), 'ERR_UNEXPECTED_RESPONSE', 'UnexpectedResponseError'],
    [new PeerUnreachableError('http://127.0.0.1:1', new Error('refused')), 'ERR_PEER_UNREACHABLE', 'PeerUnreachableError'],
    [new MasterKeyMismatchError(), 'ERR_MASTER_KEY_MISMATCH', 'MasterKeyMismatchError'],
  ];
  const seen = new Set<string>();
  for (const [err, code, name] of cases) {
    assert.ok(err instanceof errors.LambdaboxError && errors.isLambdaboxError(err));
    assert.equal(err.code, code);
    assert.equal(err.name, name);
    assert.ok((errors.LAMBDABOX_ERROR_CODES as readonly string[]).includes(err.code));
    seen.add(err.code);
  }
  assert.deepEqual([...seen].sort(), [...errors.LAMBDABOX_ERROR_CODES].sort(), 'every code has a class that carries it');
});

test('a cause travels with the error', () => {
  const cause = new Error('inner');
  assert.equal(new errors.HostError('outer', { cause }).cause, cause);
});
