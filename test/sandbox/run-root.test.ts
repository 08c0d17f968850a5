/**
 * The run root (`<base>/lambdabox`) under a base a local user can write to: every way of creating it
 * (prepareRunDir, SandboxLauncher.start, the uid pool) refuses one planted before the server came up.
 * Each case runs in its own temp base made to look like /dev/shm (root-owned, 1777), never the real one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/observe/logger.js';
import { SandboxLauncher } from '../../src/sandbox/launch/sandbox-launcher.js';
import { UidPool } from '../../src/sandbox/launch/uid-pool.js';
import { prepareRunDir } from '../../src/sandbox/run-dir.js';

const NOBODY = 65534;
const AS_ROOT = process.getuid?.() === 0 ? false : 'needs root: the checks are about root-owned directories';

describe('run root', { skip: AS_ROOT }, () => {
  let scratch: string;
  let n = 0;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'lbx-runroot-'));
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  /** A fresh base like /dev/shm: root-owned, world-writable, sticky. */
  async function shmLike(): Promise<string> {
    const base = join(scratch, `base-${++n}`);
    await mkdir(base);
    await chmod(base, 0o1777);
    return base;
  }

  test('is created 0711 and owned by the server; a root-owned 0700 or 0755 one is set to 0711', async () => {
    const base = await shmLike();
    await prepareRunDir({ instance: 'alpha', base });
    const info = await lstat(join(base, 'lambdabox'));
    assert.ok(info.isDirectory());
    assert.equal(info.mode & 0o7777, 0o711);
    assert.equal(info.uid, 0);
    for (const mode of [0o700, 0o755]) {
      await chmod(join(base, 'lambdabox'), mode);
      await prepareRunDir({ instance: 'alpha', base });
      assert.equal((await stat(join(base, 'lambdabox'))).mode & 0o7777, 0o711);
    }
  });

  test('a symlink planted at <base>/lambdabox is refused, and what it points to is left alone', async () => {
    const base = await shmLike();
    const target = join(scratch, `target-${n}`);
    await mkdir(target, { mode: 0o755 });
    await chmod(target, 0o755);
    await symlink(target, join(base, 'lambdabox'));
    await assert.rejects(prepareRunDir({ instance: 'alpha', base }), /symbolic link/);
    assert.throws(() => new UidPool({ first: 700000, last: 700001 }, { leaseDir: join(base, 'lambdabox', '.uids') }), /symbolic link/);
    assert.equal((await stat(target)).mode & 0o7777, 0o755, 'the link target was chmod-ed');
    assert.deepEqual(await readdir(target), [], 'something was created through the link');
  });

  test('a directory planted by another user is refused (it would own every path below it)', async () => {
    const base = await shmLike();
    const planted = join(base, 'lambdabox');
    await mkdir(planted, { mode: 0o711 });
    await chown(planted, NOBODY, NOBODY);
    await assert.rejects(prepareRunDir({ instance: 'alpha', base }), /owned by uid 65534/);
    assert.deepEqual(await readdir(planted), []);
  });

  test('a root-owned one that others can write to is refused: its content may be planted', async () => {
    for (const mode of [0o777, 0o1777, 0o731]) {
      const base = await shmLike();
      await mkdir(join(base, 'lambdabox'));
      await chmod(join(base, 'lambdabox'), mode);
      await assert.rejects(prepareRunDir({ instance: 'alpha', base }), /writable by others/, mode.toString(8));
    }
  });

  test('a file in its place is refused', async () => {
    const base = await shmLike();
    await writeFile(join(base, 'lambdabox'), '');
    await assert.rejects(prepareRunDir({ instance: 'alpha', base }), /not a directory/);
  });

  test('a base others can write to without the sticky bit is refused (the root could be renamed away)', async () => {
    const base = await shmLike();
    await chmod(base, 0o777);
    await assert.rejects(prepareRunDir({ instance: 'alpha', base }), /not sticky/);
  });

  test('SandboxLauncher.start refuses a planted run root before claiming anything', async () => {
    const base = await shmLike();
    await symlink(scratch, join(base, 'lambdabox'));
    const launcher = new SandboxLauncher({ instance: 'run-root-test', runBase: base, logger: createLogger({ level: 'silent' }) });
    await assert.rejects(launcher.start(), /symbolic link/);
    await launcher.close();
  });
});
