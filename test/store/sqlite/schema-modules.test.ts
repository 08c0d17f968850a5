/**
 * Tables come in modules, each with its own migration count in `lbx_schema`. A database written before
 * modules (one list, counted by `PRAGMA user_version`) must open with everything it stored and without
 * any migration running twice; a database from a newer lambdabox must be refused, not misread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { CORE_MIGRATIONS } from '../../../src/store/sqlite/migrations.js';
import { coreTables } from '../../../src/store/sqlite/core-tables.js';
import { SQS_MIGRATIONS } from '../../../src/services/sqs/store/sqs-schema.js';
import { sqsTables } from '../../../src/services/sqs/store/sqs-tables.js';
import { SchemaTooNewError } from '../../../src/store/sqlite/schema.js';

/** The core's migrations that existed before modules (its legacy positions); later ones came as the core's own. */
const LEGACY_CORE_MIGRATIONS = CORE_MIGRATIONS.slice(0, coreTables().legacyPositions?.length ?? 0);

/** A database as lambdabox made it before modules: the one list, as far as `count` migrations. */
function legacyDatabase(path: string, count: number): void {
  const db = new Database(path);
  const list = [...LEGACY_CORE_MIGRATIONS, ...SQS_MIGRATIONS];
  for (let i = 0; i < count; i++) db.exec(list[i] ?? '');
  db.pragma(`user_version = ${count}`);
  db.exec(`INSERT INTO accounts (account_id, created_at) VALUES ('111111111111', '2026-01-01T00:00:00.000Z')`);
  if (count >= 6) {
    db.exec(
      `INSERT INTO sqs_queues (account_id, name, queue_id, doc) VALUES ('111111111111', 'kept', 'q-1', ` +
        `'{"accountId":"111111111111","name":"kept","queueId":"q-1","createdAt":1,"lastModifiedAt":1,"attributes":{},"tags":{"team":"a"}}')`,
    );
  }
  db.close();
}

function schemaRows(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT module, applied FROM lbx_schema ORDER BY module').all() as Array<{ module: string; applied: number }>;
    return Object.fromEntries(rows.map((r) => [r.module, r.applied]));
  } finally {
    db.close();
  }
}

test('a pre-module database keeps its rows and runs no migration twice', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lbx-schema-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'db.sqlite');
  legacyDatabase(path, LEGACY_CORE_MIGRATIONS.length + SQS_MIGRATIONS.length);
  const store = SqliteStore.open({ path, modules: [sqsTables()] });
  await store.start();
  try {
    const queue = await store.transact((tx) => tx.getQueue('111111111111', 'kept'));
    assert.equal(queue?.queueId, 'q-1');
    assert.deepEqual((await store.readResourceTags([{ kind: 'queue', accountId: '111111111111', name: 'kept' }]))[0], { team: 'a' });
    assert.equal((await store.transact((tx) => tx.getAccount('111111111111')))?.accountId, '111111111111');
  } finally {
    await store.close();
  }
  assert.deepEqual(schemaRows(path), { core: CORE_MIGRATIONS.length, sqs: SQS_MIGRATIONS.length });
});

test('a pre-module database from before SQS gets SQS tables, and nothing else re-runs', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lbx-schema-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'db.sqlite');
  legacyDatabase(path, LEGACY_CORE_MIGRATIONS.length);
  const store = SqliteStore.open({ path, modules: [sqsTables()] });
  await store.start();
  try {
    assert.equal(await store.transact((tx) => tx.getQueue('111111111111', 'kept')), undefined);
    assert.equal((await store.transact((tx) => tx.getAccount('111111111111')))?.accountId, '111111111111');
  } finally {
    await store.close();
  }
  assert.deepEqual(schemaRows(path), { core: CORE_MIGRATIONS.length, sqs: SQS_MIGRATIONS.length });
});

test('a new database records each module; reopening applies nothing again', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lbx-schema-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'db.sqlite');
  for (let round = 0; round < 2; round++) {
    const store = SqliteStore.open({ path, modules: [sqsTables()] });
    await store.start();
    await store.close();
  }
  assert.deepEqual(schemaRows(path), { core: CORE_MIGRATIONS.length, sqs: SQS_MIGRATIONS.length });
});

test('a database with more migrations of a module than this lambdabox knows is refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lbx-schema-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'db.sqlite');
  const first = SqliteStore.open({ path, modules: [sqsTables()] });
  await first.start();
  await first.close();
  const db = new Database(path);
  db.prepare(`UPDATE lbx_schema SET applied = applied + 1 WHERE module = 'sqs'`).run();
  db.close();
  const again = SqliteStore.open({ path, modules: [sqsTables()] });
  await assert.rejects(again.start(), (err: unknown) => err instanceof SchemaTooNewError && /"sqs"/.test(err.message));
  await again.close();
});
