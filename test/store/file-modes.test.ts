/**
 * Issue 10 point 11: every file of the data dir — the SQLite databases with their -wal and -shm files
 * included — is readable by the server's user only, whatever the umask, and a restart narrows files an
 * older version left wider. On PostgreSQL (LAMBDABOX_TEST_STORE=postgres) the store is no file of the
 * data dir, but the master key, blobs and audit files are, with the same modes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { helloZip, TEST_ROLE } from '../helpers/zips.js';

const DATABASE_FILES = ['lambdabox.db', 'lambdabox.db-wal', 'lambdabox.db-shm'];
const MASTER_KEY = 'keys/master.key';

/** `relative path → mode` of every regular file under `dir`. */
function fileModes(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.set(relative(dir, path), statSync(path).mode & 0o777);
    }
  };
  walk(dir);
  return out;
}

function octal(modes: Map<string, number>): Record<string, string> {
  return Object.fromEntries([...modes].map(([k, v]) => [k, v.toString(8)]));
}

async function startWithUmask(umask: number, dataDir: string): Promise<LambdaboxFixture> {
  const previous = process.umask(umask);
  try {
    return await startLambdabox({ dataDir, overrides: { sandbox: false } });
  } finally {
    process.umask(previous);
  }
}

/** What an older version under umask 022 left behind: world-readable databases and, after a crash, -wal and -shm
 * files that outlived the server (empty ones are valid to SQLite). */
function widen(dir: string, names: readonly string[]): void {
  for (const name of names) {
    if (name.endsWith('.db')) chmodSync(join(dir, name), 0o644);
    else writeFileSync(join(dir, name), '', { mode: 0o644 });
  }
}

describe('data dir file modes', () => {
  test('the store with its -wal and -shm, blobs, keys and audit files are 0600 even under umask 000; a restart narrows wider ones', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lambdabox-modes-'));
    const createFunction = (fx: LambdaboxFixture, name: string) =>
      fx.lambda().send(
        new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: helloZip(name) } }),
      );
    try {
      const first = await startWithUmask(0o000, dataDir);
      const engine = first.store.kind;
      let running: Map<string, number>;
      try {
        await createFunction(first, 'modes');
        await first.settled();
        running = fileModes(dataDir);
      } finally {
        await first.close();
      }
      const listing = [...running.keys()].join(', ');
      // On PostgreSQL the store's rows are in its database: the data dir holds no lambdabox.db at all.
      const storeFiles = engine === 'sqlite' ? DATABASE_FILES : [];
      if (engine === 'postgres') for (const name of DATABASE_FILES) assert.equal(running.has(name), false, `${name} on PostgreSQL: ${listing}`);
      for (const name of storeFiles) assert.ok(running.has(name), `${name} exists while the server runs: ${listing}`);
      assert.ok(running.has(MASTER_KEY), `the master key exists: ${listing}`);
      assert.ok([...running.keys()].some((k) => k.startsWith('blobs/')), 'a code blob was written');
      assert.deepEqual(octal(new Map([...running].filter(([, mode]) => mode !== 0o600))), {}, 'every file is 0600');
      for (const dir of ['', 'keys', 'blobs']) assert.equal((statSync(join(dataDir, dir)).mode & 0o777).toString(8), '700', `${dir || 'the data dir'} is 0700`);

      // What an older version left wider (the store's files, on SQLite) is narrowed; what the restarted
      // server writes (a second function's code blob) is 0600 under another umask too.
      widen(dataDir, storeFiles);
      const second = await startWithUmask(0o022, dataDir);
      let again: Map<string, number>;
      try {
        await createFunction(second, 'modes-again');
        await second.settled();
        again = fileModes(dataDir);
      } finally {
        await second.close();
      }
      for (const name of storeFiles) assert.equal(again.get(name)?.toString(8), '600', `${name} after a restart`);
      const blobs = (m: Map<string, number>) => [...m.keys()].filter((k) => k.startsWith('blobs/') && !k.startsWith('blobs/tmp/'));
      assert.ok(blobs(again).length > blobs(running).length, `a second code blob was written: ${blobs(again).join(', ')}`);
      assert.deepEqual(octal(new Map([...again].filter(([, mode]) => mode !== 0o600))), {}, 'every file is 0600 after a restart');
      if (engine === 'postgres') assert.equal(existsSync(join(dataDir, 'lambdabox.db')), false, 'no lambdabox.db after a restart on PostgreSQL');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
