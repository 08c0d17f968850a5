/**
 * The fuzz's "a rejected request changes nothing" check (StoreSnapshot) sees changes on the engine the
 * server runs on: lambdabox.db on SQLite, the server's database on PostgreSQL (LAMBDABOX_TEST_STORE=postgres).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, DeleteFunctionCommand, TagResourceCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_REGION } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { testsUsePostgres } from '../helpers/postgres-cluster.js';
import { failure } from '../helpers/aws-errors.js';
import { helloZip, TEST_ROLE } from '../helpers/zips.js';
import { StoreSnapshot } from './store-snapshot.js';

describe('store snapshot', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  let snapshot: StoreSnapshot;

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    lambda = fx.lambda();
    snapshot = await StoreSnapshot.open(fx.store, fx.dataDir);
  });
  after(async () => {
    await snapshot.close();
    await fx.close();
  });

  test('reads the engine the server runs on', () => {
    assert.equal(fx.store.kind, testsUsePostgres() ? 'postgres' : 'sqlite');
  });

  test('a write shows in the diff, a rejected request and a second read do not', async () => {
    const empty = await snapshot.rows();
    assert.ok(empty.has('functions'), `tables: ${[...empty.keys()].join(', ')}`);
    assert.equal(StoreSnapshot.diff(empty, await snapshot.rows()), '');

    const create = new CreateFunctionCommand({ FunctionName: 'snap', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: helloZip('snap') } });
    await lambda.send(create);
    await fx.settled();
    const created = await snapshot.rows();
    const added = StoreSnapshot.diff(empty, created);
    assert.match(added, /^\+ functions .*snap/m);
    assert.doesNotMatch(added, /^- /m);

    const conflict = await failure(lambda.send(create));
    assert.equal(conflict.name, 'ResourceConflictException');
    assert.equal(StoreSnapshot.diff(created, await snapshot.rows()), '');

    // A change to a row that stays (its tags) shows as the old row gone and the new one there.
    const arn = `arn:aws:lambda:${TEST_REGION}:000000000000:function:snap`;
    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { team: 'fuzz' } }));
    const tagged = StoreSnapshot.diff(created, await snapshot.rows());
    assert.match(tagged, /^- functions .*snap/m);
    assert.match(tagged, /^\+ functions .*fuzz/m);

    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'snap' }));
    assert.doesNotMatch(StoreSnapshot.diff(empty, await snapshot.rows()), /^\+ functions/m);
  });
});
