/** Accounts and access keys (AccountsTx), the same on every engine. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachEngine } from './engines.js';
import { ACCOUNT, Boom, OTHER_ACCOUNT, accessKey, openStore } from './records.js';

const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;

forEachEngine((engine) => {
  test('accounts: absent, round trip, replace', async (t) => {
    const { store } = await openStore(t, engine);
    assert.equal(await store.transact((tx) => tx.getAccount(ACCOUNT)), undefined);
    await store.transact((tx) => tx.putAccount({ accountId: ACCOUNT, createdAt: '2026-01-01T00:00:00.000Z' }));
    assert.deepEqual(await store.transact((tx) => tx.getAccount(ACCOUNT)), { accountId: ACCOUNT, createdAt: '2026-01-01T00:00:00.000Z' });
    await store.transact((tx) => tx.putAccount({ accountId: ACCOUNT, createdAt: '2026-02-02T00:00:00.000Z' }));
    assert.deepEqual(await store.transact((tx) => tx.getAccount(ACCOUNT)), { accountId: ACCOUNT, createdAt: '2026-02-02T00:00:00.000Z' });
    assert.equal(await store.transact((tx) => tx.getAccount(OTHER_ACCOUNT)), undefined);
  });

  test('access keys: absent, round trip with the sealed bytes, replace, delete', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact((tx) => tx.putAccount({ accountId: ACCOUNT, createdAt: '2026-01-01T00:00:00.000Z' }));
    const key = accessKey();
    assert.equal(await store.transact((tx) => tx.getAccessKey(key.accessKeyId)), undefined);
    await store.transact((tx) => tx.putAccessKey(key));
    const read = await store.transact((tx) => tx.getAccessKey(key.accessKeyId));
    assert.deepEqual(read, key);
    assert.ok(Buffer.isBuffer(read?.secretSealed));
    const replaced = accessKey({ status: 'Inactive', secretSealed: Buffer.from('other'), principalArn: BOB });
    await store.transact((tx) => tx.putAccessKey(replaced));
    assert.deepEqual(await store.transact((tx) => tx.getAccessKey(key.accessKeyId)), replaced);
    // Replacing the account keeps the keys that refer to it.
    await store.transact((tx) => tx.putAccount({ accountId: ACCOUNT, createdAt: '2026-03-03T00:00:00.000Z' }));
    assert.deepEqual(await store.transact((tx) => tx.getAccessKey(key.accessKeyId)), replaced);
    await store.transact((tx) => tx.deleteAccessKey(key.accessKeyId));
    assert.equal(await store.transact((tx) => tx.getAccessKey(key.accessKeyId)), undefined);
    // Deleting what is not there is no error.
    await store.transact((tx) => tx.deleteAccessKey(key.accessKeyId));
  });

  test('access keys: a key of an account that does not exist is refused', async (t) => {
    const { store } = await openStore(t, engine);
    await assert.rejects(store.transact((tx) => tx.putAccessKey(accessKey({ accountId: OTHER_ACCOUNT }))));
    assert.equal(await store.transact((tx) => tx.getAccessKey(accessKey().accessKeyId)), undefined);
  });

  test('listAccessKeysFor: only the principal’s keys, oldest first, then by key id', async (t) => {
    const { store } = await openStore(t, engine);
    await store.transact(async (tx) => {
      await tx.putAccount({ accountId: ACCOUNT, createdAt: '2026-01-01T00:00:00.000Z' });
      await tx.putAccessKey(accessKey({ accessKeyId: 'AKIA3', createdAt: '2026-01-03T00:00:00.000Z' }));
      await tx.putAccessKey(accessKey({ accessKeyId: 'AKIA2', createdAt: '2026-01-01T00:00:00.000Z' }));
      await tx.putAccessKey(accessKey({ accessKeyId: 'AKIA1', createdAt: '2026-01-02T00:00:00.000Z' }));
      await tx.putAccessKey(accessKey({ accessKeyId: 'AKIA0', createdAt: '2026-01-02T00:00:00.000Z' }));
      await tx.putAccessKey(accessKey({ accessKeyId: 'AKIAB', principalArn: BOB }));
    });
    const ids = async (arn: string) => (await store.transact((tx) => tx.listAccessKeysFor(arn))).map((k) => k.accessKeyId);
    assert.deepEqual(await ids(ALICE), ['AKIA2', 'AKIA0', 'AKIA1', 'AKIA3']);
    assert.deepEqual(await ids(BOB), ['AKIAB']);
    assert.deepEqual(await ids(`arn:aws:iam::${ACCOUNT}:user/nobody`), []);
    // The match is exact, not by prefix or case.
    assert.deepEqual(await ids(ALICE.toUpperCase()), []);
    const [first] = await store.transact((tx) => tx.listAccessKeysFor(ALICE));
    assert.deepEqual(first, accessKey({ accessKeyId: 'AKIA2', createdAt: '2026-01-01T00:00:00.000Z' }));
  });

  test('accounts: a transaction whose closure throws leaves nothing; data survives a restart', async (t) => {
    const opened = await openStore(t, engine);
    await assert.rejects(
      opened.store.transact(async (tx) => {
        await tx.putAccount({ accountId: OTHER_ACCOUNT, createdAt: '2026-01-01T00:00:00.000Z' });
        await tx.putAccessKey(accessKey({ accountId: OTHER_ACCOUNT }));
        throw new Boom('rolled back');
      }),
      Boom,
    );
    assert.equal(await opened.store.transact((tx) => tx.getAccount(OTHER_ACCOUNT)), undefined);
    assert.equal(await opened.store.transact((tx) => tx.getAccessKey(accessKey().accessKeyId)), undefined);
    await opened.store.transact(async (tx) => {
      await tx.putAccount({ accountId: ACCOUNT, createdAt: '2026-01-01T00:00:00.000Z' });
      await tx.putAccessKey(accessKey());
    });
    const store = await opened.reopen();
    assert.deepEqual(await store.transact((tx) => tx.getAccount(ACCOUNT)), { accountId: ACCOUNT, createdAt: '2026-01-01T00:00:00.000Z' });
    assert.deepEqual(await store.transact((tx) => tx.getAccessKey(accessKey().accessKeyId)), accessKey());
  });
});
