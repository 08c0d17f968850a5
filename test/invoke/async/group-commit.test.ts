import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { GroupCommit } from '../../../src/store/group-commit.js';

describe('group commit', () => {
  let dir: string;
  let store: SqliteStore;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lambdabox-group-commit-'));
    store = new SqliteStore({ path: join(dir, 'db.sqlite') });
    await store.start();
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('operations submitted together share one commit and each gets its own result or error', async () => {
    const commits = new GroupCommit({ store });
    const results = await Promise.allSettled([
      commits.run(async (tx) => (await tx.getAccount('111111111111')) === undefined),
      commits.run(async () => {
        throw new Error('refused before writing');
      }),
      commits.run(async () => 42),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.equal(results[2]?.status === 'fulfilled' ? results[2].value : undefined, 42);
    assert.deepEqual(commits.stats, { commits: 1, operations: 3 });
  });

  test('drain() right after run(), before the batch is flushed, waits for that commit (a close must not hang)', async () => {
    const commits = new GroupCommit({ store });
    let done = false;
    void commits.run(async () => {
      done = true;
    });
    await commits.drain();
    assert.equal(done, true);
    assert.equal(commits.stats.commits, 1);
    await commits.drain(); // nothing pending: returns at once
  });
});
