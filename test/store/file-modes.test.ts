/**
 * Issue 10 point 11: every file of the data dir — the SQLite databases with their -wal and -shm files
 * included — is readable by the server's user only, whatever the umask, and a restart narrows files an
 * older version left wider.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { LogStore } from '../../src/observe/logs/log-store.js';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { helloZip, TEST_ROLE } from '../helpers/zips.js';

const DATABASE_FILES = ['lambdabox.db', 'lambdabox.db-wal', 'lambdabox.db-shm'];
const LOG_FILES = ['logs.db', 'logs.db-wal', 'logs.db-shm'];

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
    try {
      const first = await startWithUmask(0o000, dataDir);
      let running: Map<string, number>;
      try {
        await first.lambda().send(
          new CreateFunctionCommand({ FunctionName: 'modes', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: helloZip('modes') } }),
        );
        await first.settled();
        running = fileModes(dataDir);
      } finally {
        await first.close();
      }
      for (const name of DATABASE_FILES) assert.ok(running.has(name), `${name} exists while the server runs: ${[...running.keys()].join(', ')}`);
      assert.ok([...running.keys()].some((k) => k.startsWith('blobs/')), 'a code blob was written');
      assert.deepEqual(octal(new Map([...running].filter(([, mode]) => mode !== 0o600))), {}, 'every file is 0600');

      widen(dataDir, DATABASE_FILES);
      const second = await startWithUmask(0o022, dataDir);
      try {
        const again = fileModes(dataDir);
        for (const name of DATABASE_FILES) assert.equal(again.get(name)?.toString(8), '600', `${name} after a restart`);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('the function log database (logs.db, -wal, -shm) likewise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lambdabox-modes-logs-'));
    const path = join(dir, 'logs.db');
    const previous = process.umask(0o000);
    try {
      const first = new LogStore({ path });
      first.append([{ accountId: '000000000000', group: '/aws/lambda/f', stream: 's', timestamp: Date.now(), message: 'secret-ish output' }]);
      first.flush();
      const running = fileModes(dir);
      first.close();
      for (const name of LOG_FILES) assert.equal(running.get(name)?.toString(8), '600', `${name}: ${JSON.stringify(octal(running))}`);
      widen(dir, LOG_FILES);
      const second = new LogStore({ path });
      const again = fileModes(dir);
      second.close();
      for (const name of LOG_FILES) assert.equal(again.get(name)?.toString(8), '600', `${name} after a restart`);
    } finally {
      process.umask(previous);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
