/** Functions and versions (FunctionsTx), the same on every engine: paging, sums, cascades, tombstones' sizes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VersionRecord } from '../../../src/store/records.js';
import { forEachEngine } from './engines.js';
import type { ContractStore } from './engines.js';
import { ACCOUNT, Boom, OTHER_ACCOUNT, alias, eventInvokeConfig, fn, layerVersion, openStore, policy, version } from './records.js';

const keys = (items: readonly VersionRecord[]) => items.map((v) => `${v.functionName}:${v.version}`);

/** Every page of a listing, and the cursors it handed out. */
async function walk(
  list: (after: string | undefined) => Promise<{ items: VersionRecord[]; nextAfter?: string }>,
): Promise<{ items: string[]; cursors: string[] }> {
  const items: string[] = [];
  const cursors: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await list(after);
    items.push(...keys(page.items));
    if (page.nextAfter === undefined) return { items, cursors };
    cursors.push(page.nextAfter);
    after = page.nextAfter;
  }
}

forEachEngine((engine) => {
  test('functions: absent, round trip, replace, count and reserved concurrency per account', async (t) => {
    const { store } = await openStore(t, engine);
    assert.equal(await store.transact((tx) => tx.getFunction(ACCOUNT, 'f')), undefined);
    assert.equal(await store.transact((tx) => tx.countFunctions(ACCOUNT)), 0);
    assert.equal(await store.transact((tx) => tx.totalReservedConcurrency(ACCOUNT)), 0);
    const f = fn('f', { tags: { a: '1', 'b:c': 'ü' }, reservedConcurrency: 5, lastVersion: 3 });
    await store.transact(async (tx) => {
      await tx.putFunction(f);
      await tx.putFunction(fn('g'));
      await tx.putFunction(fn('h', { reservedConcurrency: 0 }));
      await tx.putFunction(fn('other', { accountId: OTHER_ACCOUNT, reservedConcurrency: 100 }));
    });
    assert.deepEqual(await store.transact((tx) => tx.getFunction(ACCOUNT, 'f')), f);
    assert.deepEqual(await store.transact((tx) => tx.getFunction(ACCOUNT, 'g')), fn('g'));
    assert.equal(await store.transact((tx) => tx.getFunction(ACCOUNT, 'F')), undefined);
    assert.equal(await store.transact((tx) => tx.getFunction(OTHER_ACCOUNT, 'f')), undefined);
    assert.equal(await store.transact((tx) => tx.countFunctions(ACCOUNT)), 3);
    assert.equal(await store.transact((tx) => tx.countFunctions(OTHER_ACCOUNT)), 1);
    assert.equal(await store.transact((tx) => tx.totalReservedConcurrency(ACCOUNT)), 5);
    const replaced = fn('f', { tags: {}, reservedConcurrency: 7, lastVersion: 4, createdAt: '2026-05-05T00:00:00.000Z' });
    await store.transact((tx) => tx.putFunction(replaced));
    assert.deepEqual(await store.transact((tx) => tx.getFunction(ACCOUNT, 'f')), replaced);
    assert.equal(await store.transact((tx) => tx.countFunctions(ACCOUNT)), 3);
    assert.equal(await store.transact((tx) => tx.totalReservedConcurrency(ACCOUNT)), 7);
    assert.equal(await store.transact((tx) => tx.totalReservedConcurrency(OTHER_ACCOUNT)), 100);
    await store.transact((tx) => tx.putFunction(fn('f')));
    // Only nulls (and a zero) left: the sum is 0, not null.
    assert.equal(await store.transact((tx) => tx.totalReservedConcurrency(ACCOUNT)), 0);
  });

  test('versions: absent, round trip with and without sealed env, replace, delete', async (t) => {
    const { store } = await openStore(t, engine);
    const latest = version('f', '$LATEST', { envSealed: Buffer.from([9, 8, 7, 0]) });
    const v1 = version('f', '1', { unzippedSize: 4242, codeSha256Hex: 'c'.repeat(64) }, { Layers: [{ Arn: 'arn:x', CodeSize: 1 }] });
    assert.equal(await store.transact((tx) => tx.getVersion(ACCOUNT, 'f', '$LATEST')), undefined);
    await store.transact(async (tx) => {
      await tx.putVersion(latest);
      await tx.putVersion(v1);
    });
    const readLatest = await store.transact((tx) => tx.getVersion(ACCOUNT, 'f', '$LATEST'));
    assert.deepEqual(readLatest, latest);
    assert.ok(Buffer.isBuffer(readLatest?.envSealed));
    assert.deepEqual(await store.transact((tx) => tx.getVersion(ACCOUNT, 'f', '1')), v1);
    assert.equal(await store.transact((tx) => tx.getVersion(ACCOUNT, 'f', '2')), undefined);
    assert.equal(await store.transact((tx) => tx.getVersion(ACCOUNT, 'g', '1')), undefined);
    assert.equal(await store.transact((tx) => tx.getVersion(OTHER_ACCOUNT, 'f', '1')), undefined);
    // Qualifiers that are no version number find nothing (and fail nothing).
    for (const q of ['live', '1.5', 'NaN', '99999999999999999999', '-1']) {
      assert.equal(await store.transact((tx) => tx.getVersion(ACCOUNT, 'f', q)), undefined, q);
    }
    // As SQLite has it: '' reads as version 0, i.e. $LATEST (callers validate qualifiers first).
    assert.deepEqual(await store.transact((tx) => tx.getVersion(ACCOUNT, 'f', '')), latest);
    const v1b = version('f', '1', { envSealed: Buffer.from('x') }, { Description: 'again', CodeSize: 5 });
    await store.transact((tx) => tx.putVersion(v1b));
    assert.deepEqual(await store.transact((tx) => tx.getVersion(ACCOUNT, 'f', '1')), v1b);
    await store.transact((tx) => tx.deleteVersion(ACCOUNT, 'f', '1'));
    assert.equal(await store.transact((tx) => tx.getVersion(ACCOUNT, 'f', '1')), undefined);
    assert.deepEqual(await store.transact((tx) => tx.getVersion(ACCOUNT, 'f', '$LATEST')), latest);
    // Deleting a version that is not there, or no version at all, is no error.
    for (const q of ['1', 'live', '1.5']) await store.transact((tx) => tx.deleteVersion(ACCOUNT, 'f', q));
    await store.transact((tx) => tx.deleteVersion(ACCOUNT, 'f', '$LATEST'));
    assert.equal(await store.transact((tx) => tx.getVersion(ACCOUNT, 'f', '$LATEST')), undefined);
  });

  test('listVersions: $LATEST first, then numbers ascending (not as text), paged by number', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact(async (tx) => {
      for (const v of ['10', '2', '$LATEST', '1', '9']) await tx.putVersion(version('f', v));
      await tx.putVersion(version('f2', '3'));
      await tx.putVersion(version('f', '5', { accountId: OTHER_ACCOUNT }));
    });
    const all = await store.transact((tx) => tx.listVersions(ACCOUNT, 'f', undefined, 10));
    assert.deepEqual(keys(all.items), ['f:$LATEST', 'f:1', 'f:2', 'f:9', 'f:10']);
    assert.equal(all.nextAfter, undefined);
    assert.deepEqual(all.items[0], version('f', '$LATEST'));
    const paged = await walk((after) => store.transact((tx) => tx.listVersions(ACCOUNT, 'f', after, 2)));
    assert.deepEqual(paged, { items: ['f:$LATEST', 'f:1', 'f:2', 'f:9', 'f:10'], cursors: ['1', '9'] });
    const exact = await store.transact((tx) => tx.listVersions(ACCOUNT, 'f', undefined, 5));
    assert.equal(exact.items.length, 5);
    assert.equal(exact.nextAfter, undefined, 'a full last page has no cursor');
    const first = await store.transact((tx) => tx.listVersions(ACCOUNT, 'f', undefined, 1));
    assert.deepEqual([keys(first.items), first.nextAfter], [['f:$LATEST'], '0']);
    assert.deepEqual(keys((await store.transact((tx) => tx.listVersions(ACCOUNT, 'f', '0', 10))).items), ['f:1', 'f:2', 'f:9', 'f:10']);
    assert.deepEqual(keys((await store.transact((tx) => tx.listVersions(ACCOUNT, 'f', '3', 10))).items), ['f:9', 'f:10']);
    assert.deepEqual(await store.transact((tx) => tx.listVersions(ACCOUNT, 'f', '10', 10)), { items: [] });
    assert.deepEqual(await store.transact((tx) => tx.listVersions(ACCOUNT, 'none', undefined, 10)), { items: [] });
    assert.deepEqual(keys((await store.transact((tx) => tx.listVersions(OTHER_ACCOUNT, 'f', undefined, 10))).items), ['f:5']);
    const zero = await store.transact((tx) => tx.listVersions(ACCOUNT, 'f', undefined, 0));
    assert.deepEqual(zero, { items: [] });
  });

  test('listVersions: a cursor that is no whole number is compared as SQLite compares it', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact(async (tx) => {
      for (const v of ['$LATEST', '1', '2', '3']) await tx.putVersion(version('f', v));
    });
    const after = async (cursor: string) => keys((await store.transact((tx) => tx.listVersions(ACCOUNT, 'f', cursor, 10))).items);
    assert.deepEqual(await after('1.5'), ['f:2', 'f:3']);
    assert.deepEqual(await after('-0.5'), ['f:$LATEST', 'f:1', 'f:2', 'f:3']);
    assert.deepEqual(await after('abc'), []);
    assert.deepEqual(await after('Infinity'), []);
    assert.deepEqual(await after('-Infinity'), ['f:$LATEST', 'f:1', 'f:2', 'f:3']);
    assert.deepEqual(await after('1e30'), []);
  });

  test('listLatest: $LATEST of each function of the account, by name in byte order, paged by name', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact(async (tx) => {
      for (const name of ['b', 'a', 'B', 'a-b', 'a_b', 'é', 'z']) await tx.putVersion(version(name, '$LATEST'));
      await tx.putVersion(version('a', '1'));
      await tx.putVersion(version('only-published', '1'));
      await tx.putVersion(version('x', '$LATEST', { accountId: OTHER_ACCOUNT }));
    });
    const order = ['B', 'a', 'a-b', 'a_b', 'b', 'z', 'é'].map((n) => `${n}:$LATEST`);
    const all = await store.transact((tx) => tx.listLatest(ACCOUNT, undefined, 100));
    assert.deepEqual(keys(all.items), order);
    assert.equal(all.nextAfter, undefined);
    const paged = await walk((after) => store.transact((tx) => tx.listLatest(ACCOUNT, after, 3)));
    assert.deepEqual(paged, { items: order, cursors: ['a-b', 'z'] });
    assert.deepEqual(keys((await store.transact((tx) => tx.listLatest(ACCOUNT, 'a', 2))).items), ['a-b:$LATEST', 'a_b:$LATEST']);
    assert.deepEqual(keys((await store.transact((tx) => tx.listLatest(OTHER_ACCOUNT, undefined, 10))).items), ['x:$LATEST']);
    assert.deepEqual(await store.transact((tx) => tx.listLatest('333333333333', undefined, 10)), { items: [] });
  });

  test('listAllVersions: every version, by name then number, with [name, number] cursors', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact(async (tx) => {
      for (const v of ['$LATEST', '2', '10']) await tx.putVersion(version('b', v));
      for (const v of ['$LATEST', '1']) await tx.putVersion(version('a', v));
      await tx.putVersion(version('C', '3'));
      await tx.putVersion(version('x', '$LATEST', { accountId: OTHER_ACCOUNT }));
    });
    const order = ['C:3', 'a:$LATEST', 'a:1', 'b:$LATEST', 'b:2', 'b:10'];
    assert.deepEqual(keys((await store.transact((tx) => tx.listAllVersions(ACCOUNT, undefined, 100))).items), order);
    const paged = await walk((after) => store.transact((tx) => tx.listAllVersions(ACCOUNT, after, 2)));
    assert.deepEqual(paged, { items: order, cursors: ['["a",0]', '["b",0]'] });
    const fromMiddle = await store.transact((tx) => tx.listAllVersions(ACCOUNT, '["b",2]', 10));
    assert.deepEqual(keys(fromMiddle.items), ['b:10']);
    assert.deepEqual(keys((await store.transact((tx) => tx.listAllVersions(ACCOUNT, '["a",99]', 10))).items), ['b:$LATEST', 'b:2', 'b:10']);
    assert.deepEqual(await store.transact((tx) => tx.listAllVersions(ACCOUNT, '["b",10]', 10)), { items: [] });
    assert.deepEqual(keys((await store.transact((tx) => tx.listAllVersions(OTHER_ACCOUNT, undefined, 10))).items), ['x:$LATEST']);
  });

  test('totalCodeSize: every version and every live layer version of the account', async (t) => {
    const { store } = await openStore(t, engine);
    assert.equal(await store.transact((tx) => tx.totalCodeSize(ACCOUNT)), 0);
    await store.transact(async (tx) => {
      await tx.putVersion(version('f', '$LATEST', {}, { CodeSize: 1000 }));
      await tx.putVersion(version('f', '1', {}, { CodeSize: 200 }));
      await tx.putVersion(version('g', '$LATEST', {}, { CodeSize: 30 }));
      await tx.putVersion(version('f', '$LATEST', { accountId: OTHER_ACCOUNT }, { CodeSize: 5_000_000_000 }));
    });
    assert.equal(await store.transact((tx) => tx.totalCodeSize(ACCOUNT)), 1230);
    await store.transact(async (tx) => {
      await tx.putLayerVersion(layerVersion('l', 1, { codeSize: 4 }));
      await tx.putLayerVersion(layerVersion('l', 2, { codeSize: 5 }));
      await tx.putLayerVersion(layerVersion('l', 1, { accountId: OTHER_ACCOUNT, codeSize: 6 }));
    });
    assert.equal(await store.transact((tx) => tx.totalCodeSize(ACCOUNT)), 1239);
    await store.transact((tx) => tx.deleteLayerVersion(ACCOUNT, 'l', 2));
    assert.equal(await store.transact((tx) => tx.totalCodeSize(ACCOUNT)), 1234);
    // Beyond 32 bits, summed exactly.
    assert.equal(await store.transact((tx) => tx.totalCodeSize(OTHER_ACCOUNT)), 5_000_000_006);
    // A replaced version counts with its new size.
    await store.transact((tx) => tx.putVersion(version('f', '1', {}, { CodeSize: 1 })));
    assert.equal(await store.transact((tx) => tx.totalCodeSize(ACCOUNT)), 1035);
    // Only layer versions: the functions' part is 0, not null.
    await store.transact((tx) => tx.deleteFunction(ACCOUNT, 'f'));
    await store.transact((tx) => tx.deleteFunction(ACCOUNT, 'g'));
    assert.equal(await store.transact((tx) => tx.totalCodeSize(ACCOUNT)), 4);
  });

  test('isBlobReferenced: by any version or layer version of any account, tombstones included', async (t) => {
    const { store } = await openStore(t, engine);
    const sha = (c: string) => c.repeat(64);
    await store.transact(async (tx) => {
      await tx.putVersion(version('f', '1', { codeSha256Hex: sha('a') }));
      await tx.putVersion(version('f', '1', { accountId: OTHER_ACCOUNT, codeSha256Hex: sha('b') }));
      await tx.putLayerVersion(layerVersion('l', 1, { codeSha256Hex: sha('c') }));
      await tx.putLayerVersion(layerVersion('l', 2, { codeSha256Hex: sha('d') }));
      await tx.deleteLayerVersion(ACCOUNT, 'l', 2);
    });
    for (const c of ['a', 'b', 'c', 'd']) assert.equal(await store.transact((tx) => tx.isBlobReferenced(sha(c))), true, c);
    assert.equal(await store.transact((tx) => tx.isBlobReferenced(sha('e'))), false);
    assert.equal(await store.transact((tx) => tx.isBlobReferenced(sha('a').toUpperCase())), false, 'hashes match exactly');
    await store.transact((tx) => tx.deleteVersion(ACCOUNT, 'f', '1'));
    assert.equal(await store.transact((tx) => tx.isBlobReferenced(sha('a'))), false);
    assert.equal(await store.transact((tx) => tx.purgeUnusedDeletedLayerVersions()), 1);
    assert.equal(await store.transact((tx) => tx.isBlobReferenced(sha('d'))), false);
  });

  test('listUnsettledVersions: Pending or InProgress versions of every account, in key order', async (t) => {
    const { store } = await openStore(t, engine);
    assert.deepEqual(await store.transact((tx) => tx.listUnsettledVersions()), []);
    await store.transact(async (tx) => {
      await tx.putVersion(version('z', '$LATEST', {}, { State: 'Pending' }));
      await tx.putVersion(version('a', '2', {}, { State: 'Active', LastUpdateStatus: 'InProgress' }));
      await tx.putVersion(version('a', '10', {}, { State: 'Pending', LastUpdateStatus: 'InProgress' }));
      await tx.putVersion(version('a', '1', {}, { State: 'Active', LastUpdateStatus: 'Successful' }));
      await tx.putVersion(version('b', '$LATEST', {}, { State: 'Failed', LastUpdateStatus: 'Failed' }));
      await tx.putVersion(version('m', '$LATEST', { accountId: OTHER_ACCOUNT }, { State: 'Pending' }));
      await tx.putVersion(version('c', '$LATEST', { accountId: '000000000000' }, { State: 'Pending' }));
    });
    const unsettled = await store.transact((tx) => tx.listUnsettledVersions());
    assert.deepEqual(
      unsettled.map((v) => `${v.accountId}/${v.functionName}:${v.version}`),
      [`000000000000/c:$LATEST`, `${ACCOUNT}/a:2`, `${ACCOUNT}/a:10`, `${ACCOUNT}/z:$LATEST`, `${OTHER_ACCOUNT}/m:$LATEST`],
    );
    assert.deepEqual(unsettled[1], version('a', '2', {}, { State: 'Active', LastUpdateStatus: 'InProgress' }));
    // Settling a version (a replace) takes it off the list; unsettling one puts it on.
    await store.transact(async (tx) => {
      await tx.putVersion(version('z', '$LATEST', {}, { State: 'Active' }));
      await tx.putVersion(version('a', '1', {}, { State: 'Pending' }));
    });
    const after = await store.transact((tx) => tx.listUnsettledVersions());
    assert.deepEqual(
      after.map((v) => `${v.accountId}/${v.functionName}:${v.version}`),
      [`000000000000/c:$LATEST`, `${ACCOUNT}/a:1`, `${ACCOUNT}/a:2`, `${ACCOUNT}/a:10`, `${OTHER_ACCOUNT}/m:$LATEST`],
    );
  });

  test('deleteFunction: removes versions, aliases, event-invoke configs and function policies, nothing else', async (t) => {
    const { store } = await openStore(t, engine);
    const other = 'f-other';
    await store.transact(async (tx) => {
      for (const name of ['f', other]) {
        await tx.putFunction(fn(name, { lastVersion: 2 }));
        for (const v of ['$LATEST', '1', '2']) await tx.putVersion(version(name, v));
        await tx.putAlias(alias(name, 'live'));
        await tx.putEventInvokeConfig(eventInvokeConfig(name, '$LATEST'));
        await tx.putEventInvokeConfig(eventInvokeConfig(name, 'live'));
        for (const q of ['', '1', 'live', '$LATEST']) await tx.putResourcePolicy(policy(name, q));
      }
      await tx.putFunction(fn('f', { accountId: OTHER_ACCOUNT }));
      await tx.putVersion(version('f', '1', { accountId: OTHER_ACCOUNT }));
      await tx.putResourcePolicy(policy('f', '', { accountId: OTHER_ACCOUNT }));
      // A layer of the same name keeps its policy.
      await tx.putLayerVersion(layerVersion('f', 1));
      await tx.putResourcePolicy(policy('f', '1', { kind: 'layer-version', revisionId: 'lr' }));
    });
    await store.transact((tx) => tx.deleteFunction(ACCOUNT, 'f'));
    await store.transact(async (tx) => {
      assert.equal(await tx.getFunction(ACCOUNT, 'f'), undefined);
      assert.deepEqual(await tx.listVersions(ACCOUNT, 'f', undefined, 10), { items: [] });
      assert.equal(await tx.getAlias(ACCOUNT, 'f', 'live'), undefined);
      assert.equal(await tx.countAliases(ACCOUNT, 'f'), 0);
      assert.deepEqual(await tx.listEventInvokeConfigs(ACCOUNT, 'f', undefined, 10), { items: [] });
      for (const q of ['', '1', 'live', '$LATEST']) assert.equal(await tx.getResourcePolicy(ACCOUNT, 'function', 'f', q), undefined, q);
      // The other function, the other account's function and the layer are untouched.
      assert.deepEqual(await tx.getFunction(ACCOUNT, other), fn(other, { lastVersion: 2 }));
      assert.equal((await tx.listVersions(ACCOUNT, other, undefined, 10)).items.length, 3);
      assert.deepEqual(await tx.getAlias(ACCOUNT, other, 'live'), alias(other, 'live'));
      assert.equal((await tx.listEventInvokeConfigs(ACCOUNT, other, undefined, 10)).items.length, 2);
      for (const q of ['', '1', 'live', '$LATEST']) assert.deepEqual(await tx.getResourcePolicy(ACCOUNT, 'function', other, q), policy(other, q));
      assert.ok(await tx.getFunction(OTHER_ACCOUNT, 'f'));
      assert.ok(await tx.getVersion(OTHER_ACCOUNT, 'f', '1'));
      assert.ok(await tx.getResourcePolicy(OTHER_ACCOUNT, 'function', 'f', ''));
      assert.ok(await tx.getLayerVersion(ACCOUNT, 'f', 1));
      assert.ok(await tx.getResourcePolicy(ACCOUNT, 'layer-version', 'f', '1'));
      assert.equal(await tx.countFunctions(ACCOUNT), 1);
    });
    // Deleting a function that is not there is no error.
    await store.transact((tx) => tx.deleteFunction(ACCOUNT, 'f'));
  });

  test('deleteVersion takes the version’s policy along; replacing a version, or deleting $LATEST, keeps policies', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact(async (tx) => {
      await tx.putFunction(fn('f'));
      for (const v of ['$LATEST', '1', '2']) await tx.putVersion(version('f', v));
      for (const q of ['', '1', '2', '$LATEST', '0']) await tx.putResourcePolicy(policy('f', q));
    });
    const has = (q: string) => store.transact(async (tx) => (await tx.getResourcePolicy(ACCOUNT, 'function', 'f', q)) !== undefined);
    await store.transact((tx) => tx.putVersion(version('f', '1', {}, { Description: 'replaced' })));
    assert.equal(await has('1'), true, 'a replace is no delete');
    await store.transact((tx) => tx.deleteVersion(ACCOUNT, 'f', '1'));
    assert.equal(await has('1'), false);
    await store.transact((tx) => tx.deleteVersion(ACCOUNT, 'f', '$LATEST'));
    assert.deepEqual(
      await Promise.all(['', '2', '$LATEST', '0'].map(has)),
      [true, true, true, true],
    );
    // The store's policy reads see the cascade at once.
    assert.deepEqual(
      await store.readResourcePolicies([
        { accountId: ACCOUNT, kind: 'function', name: 'f', qualifier: '2' },
        { accountId: ACCOUNT, kind: 'function', name: 'f', qualifier: '1' },
      ]),
      [policy('f', '2').policy, undefined],
    );
    await store.transact((tx) => tx.deleteVersion(ACCOUNT, 'f', '2'));
    assert.deepEqual(await store.readResourcePolicies([{ accountId: ACCOUNT, kind: 'function', name: 'f', qualifier: '2' }]), [undefined]);
  });

  test('functions: a transaction whose closure throws leaves nothing; data survives a restart', async (t) => {
    const opened = await openStore(t, engine);
    await opened.store.transact(async (tx) => {
      await tx.putFunction(fn('kept', { reservedConcurrency: 3 }));
      await tx.putVersion(version('kept', '$LATEST', { envSealed: Buffer.from([1, 2]) }));
    });
    await assert.rejects(
      opened.store.transact(async (tx) => {
        await tx.putFunction(fn('gone', { reservedConcurrency: 4 }));
        await tx.putVersion(version('gone', '$LATEST', {}, { State: 'Pending' }));
        await tx.deleteFunction(ACCOUNT, 'kept');
        throw new Boom('rolled back');
      }),
      Boom,
    );
    const check = async (store: ContractStore) => {
      await store.transact(async (tx) => {
        assert.equal(await tx.getFunction(ACCOUNT, 'gone'), undefined);
        assert.equal(await tx.getVersion(ACCOUNT, 'gone', '$LATEST'), undefined);
        assert.deepEqual(await tx.listUnsettledVersions(), []);
        assert.deepEqual(await tx.getFunction(ACCOUNT, 'kept'), fn('kept', { reservedConcurrency: 3 }));
        assert.deepEqual(await tx.getVersion(ACCOUNT, 'kept', '$LATEST'), version('kept', '$LATEST', { envSealed: Buffer.from([1, 2]) }));
        assert.equal(await tx.countFunctions(ACCOUNT), 1);
        assert.equal(await tx.totalReservedConcurrency(ACCOUNT), 3);
        assert.equal(await tx.totalCodeSize(ACCOUNT), 100);
      });
    };
    await check(opened.store);
    await check(await opened.reopen());
  });
});
