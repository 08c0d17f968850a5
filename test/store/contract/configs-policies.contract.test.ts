/** Event-invoke configs (EventInvokeConfigsTx) and resource policies (ResourcePoliciesTx), the same on every engine. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachEngine } from './engines.js';
import { ACCOUNT, Boom, OTHER_ACCOUNT, eventInvokeConfig, layerVersion, openStore, policy } from './records.js';

forEachEngine((engine) => {
  test('event-invoke configs: absent, round trip, replace, delete', async (t) => {
    const { store } = await openStore(t, engine);
    assert.equal(await store.transact((tx) => tx.getEventInvokeConfig(ACCOUNT, 'f', '$LATEST')), undefined);
    const c = eventInvokeConfig('f', '$LATEST', { maximumEventAgeInSeconds: 3600, onSuccess: 'arn:aws:sqs:us-east-1:111111111111:ok' });
    await store.transact(async (tx) => {
      await tx.putEventInvokeConfig(c);
      await tx.putEventInvokeConfig(eventInvokeConfig('f', '1'));
      await tx.putEventInvokeConfig(eventInvokeConfig('g', '$LATEST'));
      await tx.putEventInvokeConfig(eventInvokeConfig('f', '$LATEST', { accountId: OTHER_ACCOUNT }));
    });
    assert.deepEqual(await store.transact((tx) => tx.getEventInvokeConfig(ACCOUNT, 'f', '$LATEST')), c);
    assert.equal(await store.transact((tx) => tx.getEventInvokeConfig(ACCOUNT, 'f', '2')), undefined);
    const replaced = eventInvokeConfig('f', '$LATEST', { maximumRetryAttempts: null, onFailure: null, lastModified: 1_800_000_000 });
    await store.transact((tx) => tx.putEventInvokeConfig(replaced));
    assert.deepEqual(await store.transact((tx) => tx.getEventInvokeConfig(ACCOUNT, 'f', '$LATEST')), replaced);
    await store.transact((tx) => tx.deleteEventInvokeConfig(ACCOUNT, 'f', '$LATEST'));
    assert.equal(await store.transact((tx) => tx.getEventInvokeConfig(ACCOUNT, 'f', '$LATEST')), undefined);
    assert.ok(await store.transact((tx) => tx.getEventInvokeConfig(ACCOUNT, 'f', '1')));
    assert.ok(await store.transact((tx) => tx.getEventInvokeConfig(ACCOUNT, 'g', '$LATEST')));
    assert.ok(await store.transact((tx) => tx.getEventInvokeConfig(OTHER_ACCOUNT, 'f', '$LATEST')));
    await store.transact((tx) => tx.deleteEventInvokeConfig(ACCOUNT, 'f', '$LATEST'));
  });

  test('listEventInvokeConfigs: by qualifier in byte order ($LATEST, numbers as text, aliases), paged by qualifier', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact(async (tx) => {
      for (const q of ['live', '2', '$LATEST', '10', 'Live', '1']) await tx.putEventInvokeConfig(eventInvokeConfig('f', q));
      await tx.putEventInvokeConfig(eventInvokeConfig('g', 'other'));
    });
    const order = ['$LATEST', '1', '10', '2', 'Live', 'live'];
    const all = await store.transact((tx) => tx.listEventInvokeConfigs(ACCOUNT, 'f', undefined, 10));
    assert.deepEqual(all.items.map((c) => c.qualifier), order);
    assert.equal(all.nextAfter, undefined);
    assert.deepEqual(all.items[3], eventInvokeConfig('f', '2'));
    const p1 = await store.transact((tx) => tx.listEventInvokeConfigs(ACCOUNT, 'f', undefined, 4));
    assert.deepEqual([p1.items.map((c) => c.qualifier), p1.nextAfter], [order.slice(0, 4), '2']);
    const p2 = await store.transact((tx) => tx.listEventInvokeConfigs(ACCOUNT, 'f', p1.nextAfter, 4));
    assert.deepEqual([p2.items.map((c) => c.qualifier), p2.nextAfter], [['Live', 'live'], undefined]);
    const exact = await store.transact((tx) => tx.listEventInvokeConfigs(ACCOUNT, 'f', undefined, 6));
    assert.equal(exact.nextAfter, undefined);
    assert.deepEqual(await store.transact((tx) => tx.listEventInvokeConfigs(ACCOUNT, 'f', 'live', 4)), { items: [] });
    assert.deepEqual(await store.transact((tx) => tx.listEventInvokeConfigs(ACCOUNT, 'none', undefined, 4)), { items: [] });
    assert.deepEqual(await store.transact((tx) => tx.listEventInvokeConfigs(OTHER_ACCOUNT, 'f', undefined, 4)), { items: [] });
  });

  test('resource policies: absent, round trip per kind and qualifier, replace, delete', async (t) => {
    const { store } = await openStore(t, engine);
    assert.equal(await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'function', 'f', '')), undefined);
    const fnPolicy = policy('f', '');
    const aliasPolicy = policy('f', 'live');
    const layerPolicy = policy('f', '1', { kind: 'layer-version', revisionId: 'layer-rev' });
    await store.transact(async (tx) => {
      await tx.putResourcePolicy(fnPolicy);
      await tx.putResourcePolicy(aliasPolicy);
      await tx.putResourcePolicy(layerPolicy);
      await tx.putResourcePolicy(policy('f', '', { accountId: OTHER_ACCOUNT }));
    });
    assert.deepEqual(await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'function', 'f', '')), fnPolicy);
    assert.deepEqual(await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'function', 'f', 'live')), aliasPolicy);
    assert.deepEqual(await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'layer-version', 'f', '1')), layerPolicy);
    assert.equal(await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'function', 'f', '1')), undefined);
    assert.equal(await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'layer-version', 'f', '')), undefined);
    assert.equal(await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'function', 'F', '')), undefined);
    const replaced = policy('f', '1', { kind: 'layer-version', policy: '{"Statement":[]}', revisionId: 'layer-rev-2' });
    await store.transact((tx) => tx.putResourcePolicy(replaced));
    assert.deepEqual(await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'layer-version', 'f', '1')), replaced);
    await store.transact((tx) => tx.deleteResourcePolicy(ACCOUNT, 'function', 'f', ''));
    assert.equal(await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'function', 'f', '')), undefined);
    assert.deepEqual(await store.transact((tx) => tx.getResourcePolicy(ACCOUNT, 'function', 'f', 'live')), aliasPolicy);
    assert.ok(await store.transact((tx) => tx.getResourcePolicy(OTHER_ACCOUNT, 'function', 'f', '')));
    await store.transact((tx) => tx.deleteResourcePolicy(ACCOUNT, 'function', 'f', ''));
  });

  test('resource policies: readResourcePolicies sees every committed change at once, and nothing rolled back', async (t) => {
    const { store } = await openStore(t, engine);
    const key = { accountId: ACCOUNT, kind: 'layer-version', name: 'l', qualifier: '1' } as const;
    assert.deepEqual(await store.readResourcePolicies([key]), [undefined]);
    await store.transact(async (tx) => {
      await tx.putLayerVersion(layerVersion('l', 1));
      await tx.putResourcePolicy(policy('l', '1', { kind: 'layer-version' }));
    });
    assert.deepEqual(await store.readResourcePolicies([key]), [policy('l', '1').policy]);
    await store.transact((tx) => tx.putResourcePolicy(policy('l', '1', { kind: 'layer-version', policy: '{"v":2}' })));
    assert.deepEqual(await store.readResourcePolicies([key]), ['{"v":2}']);
    await assert.rejects(
      store.transact(async (tx) => {
        await tx.deleteResourcePolicy(ACCOUNT, 'layer-version', 'l', '1');
        throw new Boom('rolled back');
      }),
      Boom,
    );
    assert.deepEqual(await store.readResourcePolicies([key]), ['{"v":2}']);
    // A purged layer version takes its policy along (a trigger), and the cache learns of it.
    await store.transact(async (tx) => {
      await tx.deleteLayerVersion(ACCOUNT, 'l', 1);
      await tx.purgeUnusedDeletedLayerVersions();
    });
    assert.deepEqual(await store.readResourcePolicies([key]), [undefined]);
  });

  test('configs and policies: a transaction whose closure throws leaves nothing; data survives a restart', async (t) => {
    const opened = await openStore(t, engine);
    await opened.store.transact(async (tx) => {
      await tx.putEventInvokeConfig(eventInvokeConfig('f', 'kept'));
      await tx.putResourcePolicy(policy('f', 'kept'));
    });
    await assert.rejects(
      opened.store.transact(async (tx) => {
        await tx.putEventInvokeConfig(eventInvokeConfig('f', 'gone'));
        await tx.putResourcePolicy(policy('f', 'gone'));
        await tx.deleteEventInvokeConfig(ACCOUNT, 'f', 'kept');
        await tx.deleteResourcePolicy(ACCOUNT, 'function', 'f', 'kept');
        throw new Boom('rolled back');
      }),
      Boom,
    );
    const store = await opened.reopen();
    await store.transact(async (tx) => {
      assert.deepEqual((await tx.listEventInvokeConfigs(ACCOUNT, 'f', undefined, 10)).items, [eventInvokeConfig('f', 'kept')]);
      assert.deepEqual(await tx.getResourcePolicy(ACCOUNT, 'function', 'f', 'kept'), policy('f', 'kept'));
      assert.equal(await tx.getResourcePolicy(ACCOUNT, 'function', 'f', 'gone'), undefined);
    });
    assert.deepEqual(
      await store.readResourcePolicies([{ accountId: ACCOUNT, kind: 'function', name: 'f', qualifier: 'kept' }]),
      [policy('f', 'kept').policy],
    );
  });
});
