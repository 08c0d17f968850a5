/** A store's modules may not define the same transaction method: one would silently shadow the other. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeModuleTx } from '../../src/store/module-tx.js';
import { openStore } from '../../src/lambdabox-store.js';

test('two modules defining one method are refused, naming both', () => {
  assert.throws(
    () => mergeModuleTx([{ module: 'cloudtrail', tx: { deleteEventsBefore: () => 0 } }, { module: 'logs', tx: { deleteEventsBefore: () => 1, other: () => 2 } }]),
    /store modules cloudtrail and logs both define deleteEventsBefore/,
  );
  const merged = mergeModuleTx([{ module: 'a', tx: { x: () => 1 } }, { module: 'b', tx: { y: () => 2 } }]) as Record<string, () => number>;
  assert.equal(merged['x']?.(), 1);
  assert.equal(merged['y']?.(), 2);
});

test('the server\'s own modules, every service\'s, define disjoint methods', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lbx-module-tx-'));
  const store = openStore({ kind: 'sqlite' }, dir);
  try {
    await store.start();
    await store.transact(async () => undefined);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
