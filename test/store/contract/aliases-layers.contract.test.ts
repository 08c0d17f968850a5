/** Aliases (AliasesTx) and layers with their tombstones (LayersTx), the same on every engine. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LayerVersionRecord } from '../../../src/store/records.js';
import { forEachEngine } from './engines.js';
import { ACCOUNT, Boom, OTHER_ACCOUNT, alias, fn, layerArn, layerVersion, openStore, policy, version } from './records.js';

const numbers = (items: readonly LayerVersionRecord[]) => items.map((v) => v.version);

forEachEngine((engine) => {
  test('aliases: absent, round trip, replace, delete, count', async (t) => {
    const { store } = await openStore(t, engine);
    assert.equal(await store.transact((tx) => tx.getAlias(ACCOUNT, 'f', 'live')), undefined);
    assert.equal(await store.transact((tx) => tx.countAliases(ACCOUNT, 'f')), 0);
    const live = alias('f', 'live', { additionalVersionWeights: { '2': 0.25 }, description: 'ünïcode' });
    await store.transact(async (tx) => {
      await tx.putAlias(live);
      await tx.putAlias(alias('f', 'beta'));
      await tx.putAlias(alias('g', 'live'));
      await tx.putAlias(alias('f', 'live', { accountId: OTHER_ACCOUNT }));
    });
    assert.deepEqual(await store.transact((tx) => tx.getAlias(ACCOUNT, 'f', 'live')), live);
    assert.equal(await store.transact((tx) => tx.getAlias(ACCOUNT, 'f', 'LIVE')), undefined);
    assert.equal(await store.transact((tx) => tx.countAliases(ACCOUNT, 'f')), 2);
    assert.equal(await store.transact((tx) => tx.countAliases(ACCOUNT, 'g')), 1);
    assert.equal(await store.transact((tx) => tx.countAliases(OTHER_ACCOUNT, 'f')), 1);
    const replaced = alias('f', 'live', { functionVersion: '3', revisionId: 'alias-rev-2' });
    await store.transact((tx) => tx.putAlias(replaced));
    assert.deepEqual(await store.transact((tx) => tx.getAlias(ACCOUNT, 'f', 'live')), replaced);
    assert.equal(await store.transact((tx) => tx.countAliases(ACCOUNT, 'f')), 2);
    await store.transact((tx) => tx.deleteAlias(ACCOUNT, 'f', 'live'));
    assert.equal(await store.transact((tx) => tx.getAlias(ACCOUNT, 'f', 'live')), undefined);
    assert.ok(await store.transact((tx) => tx.getAlias(ACCOUNT, 'g', 'live')));
    assert.ok(await store.transact((tx) => tx.getAlias(OTHER_ACCOUNT, 'f', 'live')));
    assert.equal(await store.transact((tx) => tx.countAliases(ACCOUNT, 'f')), 1);
    await store.transact((tx) => tx.deleteAlias(ACCOUNT, 'f', 'live'));
  });

  test('listAliases: by name in byte order, paged by name', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact(async (tx) => {
      for (const name of ['prod', 'Prod', 'beta', '1x', 'beta-2', 'beta_2', 'zeta']) await tx.putAlias(alias('f', name));
      await tx.putAlias(alias('g', 'alpha'));
    });
    const order = ['1x', 'Prod', 'beta', 'beta-2', 'beta_2', 'prod', 'zeta'];
    const all = await store.transact((tx) => tx.listAliases(ACCOUNT, 'f', undefined, 50));
    assert.deepEqual(all.items.map((a) => a.name), order);
    assert.equal(all.nextAfter, undefined);
    assert.deepEqual(all.items[2], alias('f', 'beta'));
    const seen: string[] = [];
    const cursors: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.transact((tx) => tx.listAliases(ACCOUNT, 'f', after, 3));
      seen.push(...page.items.map((a) => a.name));
      if (page.nextAfter === undefined) break;
      cursors.push(page.nextAfter);
      after = page.nextAfter;
    }
    assert.deepEqual(seen, order);
    assert.deepEqual(cursors, ['beta', 'prod']);
    assert.deepEqual((await store.transact((tx) => tx.listAliases(ACCOUNT, 'f', 'beta-', 2))).items.map((a) => a.name), ['beta-2', 'beta_2']);
    assert.deepEqual(await store.transact((tx) => tx.listAliases(ACCOUNT, 'f', 'zeta', 2)), { items: [] });
    assert.deepEqual(await store.transact((tx) => tx.listAliases(ACCOUNT, 'none', undefined, 2)), { items: [] });
  });

  test('aliases: deleting one takes its policy along; replacing one keeps it', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact(async (tx) => {
      await tx.putAlias(alias('f', 'live'));
      await tx.putAlias(alias('f', 'beta'));
      for (const q of ['', 'live', 'beta']) await tx.putResourcePolicy(policy('f', q));
    });
    const has = (q: string) => store.transact(async (tx) => (await tx.getResourcePolicy(ACCOUNT, 'function', 'f', q)) !== undefined);
    await store.transact((tx) => tx.putAlias(alias('f', 'live', { functionVersion: '2' })));
    assert.equal(await has('live'), true);
    await store.transact((tx) => tx.deleteAlias(ACCOUNT, 'f', 'live'));
    assert.deepEqual([await has('live'), await has('beta'), await has('')], [false, true, true]);
  });

  test('layers: absent, round trip, replace', async (t) => {
    const { store } = await openStore(t, engine);
    assert.equal(await store.transact((tx) => tx.getLayer(ACCOUNT, 'l')), undefined);
    await store.transact((tx) => tx.putLayer({ accountId: ACCOUNT, name: 'l', lastVersion: 1 }));
    assert.deepEqual(await store.transact((tx) => tx.getLayer(ACCOUNT, 'l')), { accountId: ACCOUNT, name: 'l', lastVersion: 1 });
    await store.transact((tx) => tx.putLayer({ accountId: ACCOUNT, name: 'l', lastVersion: 7 }));
    assert.deepEqual(await store.transact((tx) => tx.getLayer(ACCOUNT, 'l')), { accountId: ACCOUNT, name: 'l', lastVersion: 7 });
    assert.equal(await store.transact((tx) => tx.getLayer(OTHER_ACCOUNT, 'l')), undefined);
    assert.equal(await store.transact((tx) => tx.getLayer(ACCOUNT, 'L')), undefined);
  });

  test('layer versions: absent, round trip, replace, tombstone, revive', async (t) => {
    const { store } = await openStore(t, engine);
    const v1 = layerVersion('l', 1, {
      compatibleRuntimes: null,
      compatibleArchitectures: [],
      licenseInfo: 'MIT',
      codeSize: 123_456,
      unzippedSize: 654_321,
    });
    assert.equal(await store.transact((tx) => tx.getLayerVersion(ACCOUNT, 'l', 1)), undefined);
    assert.equal(await store.transact((tx) => tx.getLayerVersionIncludingDeleted(ACCOUNT, 'l', 1)), undefined);
    await store.transact(async (tx) => {
      await tx.putLayerVersion(v1);
      await tx.putLayerVersion(layerVersion('l', 2));
    });
    assert.deepEqual(await store.transact((tx) => tx.getLayerVersion(ACCOUNT, 'l', 1)), v1);
    assert.deepEqual(await store.transact((tx) => tx.getLayerVersionIncludingDeleted(ACCOUNT, 'l', 1)), v1);
    assert.equal(await store.transact((tx) => tx.getLayerVersion(ACCOUNT, 'l', 3)), undefined);
    assert.equal(await store.transact((tx) => tx.getLayerVersion(OTHER_ACCOUNT, 'l', 1)), undefined);
    // Numbers that are no version find nothing, and deleting them changes nothing.
    for (const n of [1.5, Number.NaN, Infinity]) {
      assert.equal(await store.transact((tx) => tx.getLayerVersion(ACCOUNT, 'l', n)), undefined, String(n));
      assert.equal(await store.transact((tx) => tx.getLayerVersionIncludingDeleted(ACCOUNT, 'l', n)), undefined, String(n));
      await store.transact((tx) => tx.deleteLayerVersion(ACCOUNT, 'l', n));
    }
    const v1b = layerVersion('l', 1, { description: 'replaced' });
    await store.transact((tx) => tx.putLayerVersion(v1b));
    assert.deepEqual(await store.transact((tx) => tx.getLayerVersion(ACCOUNT, 'l', 1)), v1b);
    await store.transact((tx) => tx.deleteLayerVersion(ACCOUNT, 'l', 1));
    assert.equal(await store.transact((tx) => tx.getLayerVersion(ACCOUNT, 'l', 1)), undefined);
    assert.deepEqual(await store.transact((tx) => tx.getLayerVersionIncludingDeleted(ACCOUNT, 'l', 1)), v1b);
    assert.deepEqual(numbers((await store.transact((tx) => tx.listLayerVersions(ACCOUNT, 'l', undefined, 10))).items), [2]);
    // Deleting again, or deleting what is not there, is no error.
    await store.transact((tx) => tx.deleteLayerVersion(ACCOUNT, 'l', 1));
    await store.transact((tx) => tx.deleteLayerVersion(ACCOUNT, 'l', 9));
    // Putting a tombstoned version again revives it.
    await store.transact((tx) => tx.putLayerVersion(v1));
    assert.deepEqual(await store.transact((tx) => tx.getLayerVersion(ACCOUNT, 'l', 1)), v1);
    assert.deepEqual(numbers((await store.transact((tx) => tx.listLayerVersions(ACCOUNT, 'l', undefined, 10))).items), [2, 1]);
  });

  test('listLayerVersions: live versions, newest first, paged by number', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact(async (tx) => {
      for (const v of [1, 2, 3, 9, 10, 11]) await tx.putLayerVersion(layerVersion('l', v));
      await tx.putLayerVersion(layerVersion('l2', 5));
      await tx.putLayerVersion(layerVersion('l', 4, { accountId: OTHER_ACCOUNT }));
      await tx.deleteLayerVersion(ACCOUNT, 'l', 9);
    });
    const all = await store.transact((tx) => tx.listLayerVersions(ACCOUNT, 'l', undefined, 10));
    assert.deepEqual(numbers(all.items), [11, 10, 3, 2, 1]);
    assert.equal(all.nextAfter, undefined);
    assert.deepEqual(all.items[0], layerVersion('l', 11));
    const seen: number[] = [];
    const cursors: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.transact((tx) => tx.listLayerVersions(ACCOUNT, 'l', after, 2));
      seen.push(...numbers(page.items));
      if (page.nextAfter === undefined) break;
      cursors.push(page.nextAfter);
      after = page.nextAfter;
    }
    assert.deepEqual(seen, [11, 10, 3, 2, 1]);
    assert.deepEqual(cursors, ['10', '2']);
    assert.deepEqual(numbers((await store.transact((tx) => tx.listLayerVersions(ACCOUNT, 'l', '9', 10))).items), [3, 2, 1]);
    assert.deepEqual(numbers((await store.transact((tx) => tx.listLayerVersions(ACCOUNT, 'l', '2.5', 10))).items), [2, 1]);
    assert.deepEqual(await store.transact((tx) => tx.listLayerVersions(ACCOUNT, 'l', 'x', 10)), { items: [] });
    assert.deepEqual(await store.transact((tx) => tx.listLayerVersions(ACCOUNT, 'l', '1', 10)), { items: [] });
    assert.deepEqual(await store.transact((tx) => tx.listLayerVersions(ACCOUNT, 'none', undefined, 10)), { items: [] });
    assert.deepEqual(numbers((await store.transact((tx) => tx.listLayerVersions(OTHER_ACCOUNT, 'l', undefined, 10))).items), [4]);
  });

  test('listLayerNames: layers with a live version, by name in byte order, paged by name', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact(async (tx) => {
      for (const name of ['b', 'a', 'B', 'a-1', 'a_1', 'c']) {
        await tx.putLayerVersion(layerVersion(name, 1));
        await tx.putLayerVersion(layerVersion(name, 2));
      }
      await tx.putLayerVersion(layerVersion('gone', 1));
      await tx.deleteLayerVersion(ACCOUNT, 'gone', 1);
      await tx.deleteLayerVersion(ACCOUNT, 'c', 2);
      await tx.putLayerVersion(layerVersion('x', 1, { accountId: OTHER_ACCOUNT }));
      // A layer record without versions is not listed.
      await tx.putLayer({ accountId: ACCOUNT, name: 'empty', lastVersion: 3 });
    });
    const order = ['B', 'a', 'a-1', 'a_1', 'b', 'c'];
    assert.deepEqual(await store.transact((tx) => tx.listLayerNames(ACCOUNT, undefined, 10)), { items: order });
    const p1 = await store.transact((tx) => tx.listLayerNames(ACCOUNT, undefined, 4));
    assert.deepEqual(p1, { items: order.slice(0, 4), nextAfter: 'a_1' });
    assert.deepEqual(await store.transact((tx) => tx.listLayerNames(ACCOUNT, p1.nextAfter, 4)), { items: ['b', 'c'] });
    assert.deepEqual(await store.transact((tx) => tx.listLayerNames(ACCOUNT, undefined, 6)), { items: order });
    assert.deepEqual(await store.transact((tx) => tx.listLayerNames(OTHER_ACCOUNT, undefined, 10)), { items: ['x'] });
    await store.transact((tx) => tx.deleteLayerVersion(ACCOUNT, 'c', 1));
    assert.deepEqual(await store.transact((tx) => tx.listLayerNames(ACCOUNT, 'b', 10)), { items: [] });
  });

  test('purgeUnusedDeletedLayerVersions: removes tombstones no version references, with their policies', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact(async (tx) => {
      await tx.putFunction(fn('f'));
      for (const v of [1, 2, 3, 11]) await tx.putLayerVersion(layerVersion('l', v));
      await tx.putLayerVersion(layerVersion('m', 1, { accountId: OTHER_ACCOUNT }));
      // $LATEST uses l:1 and 1 uses l:2; the other account's function uses its own m:1.
      await tx.putVersion(version('f', '$LATEST', {}, { Layers: [{ Arn: layerArn('l', 1), CodeSize: 10 }] }));
      await tx.putVersion(version('f', '1', {}, { Layers: [{ Arn: layerArn('l', 2), CodeSize: 10 }] }));
      await tx.putVersion(version('g', '$LATEST', { accountId: OTHER_ACCOUNT }, { Layers: [{ Arn: layerArn('m', 1, OTHER_ACCOUNT), CodeSize: 1 }] }));
      for (const v of [1, 2, 3, 11]) {
        await tx.putResourcePolicy(policy('l', String(v), { kind: 'layer-version', revisionId: `r${v}` }));
        await tx.deleteLayerVersion(ACCOUNT, 'l', v);
      }
      await tx.deleteLayerVersion(OTHER_ACCOUNT, 'm', 1);
    });
    // Marking deleted keeps the policy (only a purge removes the row).
    assert.ok(await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'layer-version', 'l', '3')));
    // l:3 and l:11 are unused (l:1 does not match l:11, nor l:11 l:1).
    assert.equal(await store.transact((tx) => tx.purgeUnusedDeletedLayerVersions()), 2);
    const left = async (name: string, v: number, accountId = ACCOUNT) =>
      (await store.transact((tx) => tx.getLayerVersionIncludingDeleted(accountId, name, v))) !== undefined;
    assert.deepEqual([await left('l', 1), await left('l', 2), await left('l', 3), await left('l', 11), await left('m', 1, OTHER_ACCOUNT)], [
      true,
      true,
      false,
      false,
      true,
    ]);
    assert.equal(await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'layer-version', 'l', '3')), undefined);
    assert.equal(await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'layer-version', 'l', '11')), undefined);
    assert.deepEqual(
      await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'layer-version', 'l', '1')),
      policy('l', '1', { kind: 'layer-version', revisionId: 'r1' }),
    );
    assert.equal(await store.transact((tx) => tx.purgeUnusedDeletedLayerVersions()), 0);
    // Once version 1 moves to another layer version, l:2 is free.
    await store.transact((tx) => tx.putVersion(version('f', '1', {}, { Layers: [] })));
    assert.equal(await store.transact((tx) => tx.purgeUnusedDeletedLayerVersions()), 1);
    assert.equal(await left('l', 2), false);
    // Deleting the functions frees the rest; a live version is never purged.
    await store.transact(async (tx) => {
      await tx.putLayerVersion(layerVersion('l', 5));
      await tx.deleteFunction(ACCOUNT, 'f');
      await tx.deleteFunction(OTHER_ACCOUNT, 'g');
    });
    assert.equal(await store.transact((tx) => tx.purgeUnusedDeletedLayerVersions()), 2);
    assert.deepEqual(await store.transact((tx) => tx.getLayerVersion(ACCOUNT, 'l', 5)), layerVersion('l', 5));
    assert.equal(await store.transact((tx) => tx.purgeUnusedDeletedLayerVersions()), 0);
  });

  test('purgeUnusedDeletedLayerVersions: the reference test is SQLite LIKE (ASCII case folded, `_` any one character)', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact(async (tx) => {
      for (const name of ['shared', 'my_layer', 'Ärger', 'plain']) await tx.putLayerVersion(layerVersion(name, 1));
      await tx.putVersion(
        version('f', '$LATEST', {}, {
          Layers: [
            { Arn: layerArn('SHARED', 1), CodeSize: 1 },
            { Arn: layerArn('myXlayer', 1), CodeSize: 1 },
            { Arn: layerArn('ärger', 1), CodeSize: 1 },
            { Arn: layerArn('plain', 1, OTHER_ACCOUNT), CodeSize: 1 },
          ],
        }),
      );
      for (const name of ['shared', 'my_layer', 'Ärger', 'plain']) await tx.deleteLayerVersion(ACCOUNT, name, 1);
    });
    // Kept: 'shared' (matched case-insensitively) and 'my_layer' (`_` matched 'X'). Purged: 'Ärger' (no
    // folding beyond ASCII) and 'plain' (the reference names another account).
    assert.equal(await store.transact((tx) => tx.purgeUnusedDeletedLayerVersions()), 2);
    const left = async (name: string) => (await store.transact((tx) => tx.getLayerVersionIncludingDeleted(ACCOUNT, name, 1))) !== undefined;
    assert.deepEqual([await left('shared'), await left('my_layer'), await left('Ärger'), await left('plain')], [true, true, false, false]);
  });

  test('aliases and layers: a transaction whose closure throws leaves nothing; data survives a restart', async (t) => {
    const opened = await openStore(t, engine);
    await opened.store.transact(async (tx) => {
      await tx.putAlias(alias('f', 'kept'));
      await tx.putLayer({ accountId: ACCOUNT, name: 'l', lastVersion: 2 });
      await tx.putLayerVersion(layerVersion('l', 1));
      await tx.putLayerVersion(layerVersion('l', 2));
      await tx.deleteLayerVersion(ACCOUNT, 'l', 2);
    });
    await assert.rejects(
      opened.store.transact(async (tx) => {
        await tx.putAlias(alias('f', 'gone'));
        await tx.deleteAlias(ACCOUNT, 'f', 'kept');
        await tx.putLayer({ accountId: ACCOUNT, name: 'l', lastVersion: 3 });
        await tx.putLayerVersion(layerVersion('l', 3));
        await tx.deleteLayerVersion(ACCOUNT, 'l', 1);
        assert.equal(await tx.purgeUnusedDeletedLayerVersions(), 2);
        throw new Boom('rolled back');
      }),
      Boom,
    );
    const store = await opened.reopen();
    await store.transact(async (tx) => {
      assert.deepEqual((await tx.listAliases(ACCOUNT, 'f', undefined, 10)).items, [alias('f', 'kept')]);
      assert.deepEqual(await tx.getLayer(ACCOUNT, 'l'), { accountId: ACCOUNT, name: 'l', lastVersion: 2 });
      assert.deepEqual(numbers((await tx.listLayerVersions(ACCOUNT, 'l', undefined, 10)).items), [1]);
      assert.deepEqual(await tx.getLayerVersionIncludingDeleted(ACCOUNT, 'l', 2), layerVersion('l', 2));
      assert.equal(await tx.getLayerVersion(ACCOUNT, 'l', 2), undefined);
    });
  });
});
