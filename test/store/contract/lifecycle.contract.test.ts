/**
 * What every engine owes beyond its tables: all-or-nothing transactions, a closed store that refuses
 * work, data that outlives a restart, and the resource-policy and tag caches seeing a committed change
 * on the very next call (they feed the authorizer: a stale policy is an allow that should be a deny).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachEngine } from './engines.js';
import type { FunctionRecord, VersionRecord } from '../../../src/store/records.js';
import { version } from './records.js';

const ACCOUNT = '111111111111';

function fn(name: string, tags: Record<string, string> = {}): FunctionRecord {
  return { accountId: ACCOUNT, name, createdAt: '2026-12-07T00:00:00.000+0000', tags, reservedConcurrency: null, lastVersion: 0 };
}

const latest = (name: string): VersionRecord => version(name, '$LATEST');

const policy = (sid: string): string => JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [{ Sid: sid }] });

forEachEngine((engine) => {
  test('a closure that throws leaves nothing behind', async (t) => {
    const opened = await engine.open();
    t.after(() => opened.close());
    const { store } = opened;
    await assert.rejects(
      store.transact(async (tx) => {
        await tx.putFunction(fn('half'));
        await tx.putVersion(latest('half'));
        throw new RangeError('stop halfway');
      }),
      RangeError,
    );
    assert.equal(await store.transact((tx) => tx.getFunction(ACCOUNT, 'half')), undefined);
    assert.equal(await store.transact((tx) => tx.getVersion(ACCOUNT, 'half', '$LATEST')), undefined);
  });

  test('committed data outlives a restart; a closed store refuses work', async (t) => {
    const opened = await engine.open();
    t.after(() => opened.close());
    await opened.store.transact((tx) => tx.putFunction(fn('kept', { team: 'a' })));
    const old = opened.store;
    const store = await opened.reopen();
    assert.deepEqual(await store.transact((tx) => tx.getFunction(ACCOUNT, 'kept')), fn('kept', { team: 'a' }));
    await assert.rejects(old.transact((tx) => tx.getFunction(ACCOUNT, 'kept')), { code: 'ERR_STORE_CLOSED' });
  });

  test('readResourcePolicies sees every committed change on the next call, deletion by cascade included', async (t) => {
    const opened = await engine.open();
    t.after(() => opened.close());
    const { store } = opened;
    const key = { accountId: ACCOUNT, kind: 'function', name: 'p', qualifier: '' } as const;
    await store.transact(async (tx) => {
      await tx.putFunction(fn('p'));
      await tx.putVersion(latest('p'));
    });
    assert.deepEqual(await store.readResourcePolicies([key]), [undefined]);
    await store.transact((tx) => tx.putResourcePolicy({ ...key, policy: policy('one'), revisionId: '' }));
    assert.deepEqual(await store.readResourcePolicies([key]), [policy('one')]);
    // Served again (cached) and still right.
    assert.deepEqual(await store.readResourcePolicies([key]), [policy('one')]);
    await store.transact((tx) => tx.putResourcePolicy({ ...key, policy: policy('two'), revisionId: '' }));
    assert.deepEqual(await store.readResourcePolicies([key]), [policy('two')]);
    await store.transact((tx) => tx.deleteFunction(ACCOUNT, 'p'));
    assert.deepEqual(await store.readResourcePolicies([key]), [undefined]);
  });

  test('readResourceTags sees every committed change on the next call', async (t) => {
    const opened = await engine.open();
    t.after(() => opened.close());
    const { store } = opened;
    const key = { kind: 'function', accountId: ACCOUNT, name: 'tagged' } as const;
    assert.deepEqual(await store.readResourceTags([key]), [undefined]);
    await store.transact((tx) => tx.putFunction(fn('tagged', { env: 'dev' })));
    assert.deepEqual(await store.readResourceTags([key]), [{ env: 'dev' }]);
    await store.transact((tx) => tx.putFunction(fn('tagged', { env: 'prod' })));
    assert.deepEqual(await store.readResourceTags([key]), [{ env: 'prod' }]);
    await store.transact((tx) => tx.deleteFunction(ACCOUNT, 'tagged'));
    assert.deepEqual(await store.readResourceTags([key]), [undefined]);
  });

  test('concurrent read-modify-write transactions lose no update', async (t) => {
    const opened = await engine.open();
    t.after(() => opened.close());
    const { store } = opened;
    await store.transact((tx) => tx.putFunction(fn('counter')));
    const bump = (): Promise<void> =>
      store.transact(async (tx) => {
        const current = await tx.getFunction(ACCOUNT, 'counter');
        assert.ok(current !== undefined);
        await tx.putFunction({ ...current, lastVersion: current.lastVersion + 1 });
      });
    await Promise.all(Array.from({ length: 40 }, bump));
    assert.equal((await store.transact((tx) => tx.getFunction(ACCOUNT, 'counter')))?.lastVersion, 40);
  });
});
