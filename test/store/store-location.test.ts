import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreLocation, parseStoreLocation } from '../../src/store/store-location.js';
import { resolveServerOptions } from '../../src/cli/server-options.js';

test('sqlite and postgres:// URLs are stores; anything else is refused without echoing it', () => {
  assert.deepEqual(parseStoreLocation('sqlite'), { kind: 'sqlite' });
  assert.deepEqual(parseStoreLocation('postgres://u:p@127.0.0.1:5432/lbx'), { kind: 'postgres', url: 'postgres://u:p@127.0.0.1:5432/lbx' });
  assert.equal(parseStoreLocation('postgresql://u@db.internal/lbx').kind, 'postgres');
  for (const bad of ['mysql://u:hunter2@h/db', 'postgres://u:hunter2@/db', 'postgres://u:hunter2@h', 'postgres://u:hunter2@h/', 'hunter2', '']) {
    assert.throws(() => parseStoreLocation(bad), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'ERR_CONFIG');
      assert.doesNotMatch(err.message, /hunter2/);
      return true;
    });
  }
});

test('the store as logged carries no password', () => {
  assert.equal(describeStoreLocation(parseStoreLocation('postgres://u:hunter2@127.0.0.1:5432/lbx?sslmode=require')), 'postgres://u@127.0.0.1:5432/lbx');
  assert.equal(describeStoreLocation({ kind: 'sqlite' }), 'sqlite');
});

test('--store wins over LAMBDABOX_STORE, which wins over the sqlite default', () => {
  assert.equal(resolveServerOptions({}, {}).store, 'sqlite');
  assert.equal(resolveServerOptions({}, { LAMBDABOX_STORE: 'postgres://a@h/db' }).store, 'postgres://a@h/db');
  assert.equal(resolveServerOptions({ store: 'postgres://b@h/db' }, { LAMBDABOX_STORE: 'postgres://a@h/db' }).store, 'postgres://b@h/db');
  assert.throws(() => resolveServerOptions({ store: 'redis://u:hunter2@h/0' }, {}), (err: Error) => {
    assert.match(err.message, /invalid setting store/);
    assert.doesNotMatch(err.message, /hunter2/);
    return true;
  });
});
