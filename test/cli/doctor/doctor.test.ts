/**
 * `lambdabox doctor`: each check against real files in a temp dir (fake /proc and /sys trees for the
 * kernel checks), then the compiled CLI end to end on a data dir made by a real server.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkAwsCli } from '../../../src/cli/doctor/aws-cli.js';
import { checkBubblewrap } from '../../../src/cli/doctor/bubblewrap.js';
import { CGROUP_CONTROLLERS, checkCgroups } from '../../../src/cli/doctor/cgroups.js';
import { checkDataDir } from '../../../src/cli/doctor/data-dir.js';
import type { Finding } from '../../../src/cli/doctor/finding.js';
import { checkNodeVersion } from '../../../src/cli/doctor/node-version.js';
import { checkAdminCredentials, checkMasterKey } from '../../../src/cli/doctor/secret-files.js';
import { checkUserNamespaces } from '../../../src/cli/doctor/user-namespaces.js';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';

const scratch = mkdtempSync(join(tmpdir(), 'lambdabox-doctor-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const who = { uid: process.getuid?.() ?? 0, userName: 'tester' };
let counter = 0;

function freshDir(mode: number): string {
  const dir = join(scratch, `d${counter++}`);
  mkdirSync(dir);
  chmodSync(dir, mode);
  return dir;
}

function statuses(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.status);
}

/** The repository root: the nearest folder above this file (src or compiled) holding bin/lambdabox.js. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'bin', 'lambdabox.js'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bin/lambdabox.js not found above the test file');
    dir = parent;
  }
  return dir;
}

function doctorCli(dataDir: string): { code: number | null; out: string } {
  const result = spawnSync(process.execPath, [join(repoRoot(), 'bin', 'lambdabox.js'), 'doctor', '--data-dir', dataDir], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? scratch },
  });
  return { code: result.status, out: result.stdout + result.stderr };
}

describe('data dir checks', () => {
  test('a 0755 data dir fails with the chmod fix', () => {
    const dir = freshDir(0o755);
    const [finding, ...rest] = checkDataDir(dir, who);
    assert.equal(rest.length, 0);
    assert.equal(finding?.status, 'fail');
    assert.match(finding?.message ?? '', /accessible to every user \(mode 0755\)/);
    assert.equal(finding?.fix, `chmod 700 ${dir}`);
  });

  test('a group-accessible data dir is a warning', () => {
    const dir = freshDir(0o750);
    const findings = checkDataDir(dir, who);
    assert.deepEqual(statuses(findings), ['warn']);
    assert.equal(findings[0]?.fix, `chmod 700 ${dir}`);
  });

  test('a 0700 data dir owned by the user passes', () => {
    const findings = checkDataDir(freshDir(0o700), who);
    assert.deepEqual(statuses(findings), ['ok']);
  });

  test('a data dir that does not exist yet passes when its parent is writable', () => {
    const findings = checkDataDir(join(scratch, 'not-yet', 'deeper'), who);
    assert.deepEqual(statuses(findings), ['ok']);
    assert.match(findings[0]?.message ?? '', /creates it \(mode 0700\)/);
  });

  test('a file in place of the data dir fails', () => {
    const file = join(scratch, `file${counter++}`);
    writeFileSync(file, 'x');
    assert.deepEqual(statuses(checkDataDir(file, who)), ['fail']);
  });

  test('a data dir owned by someone else fails with the chown fix', { skip: process.getuid?.() !== 0 && 'needs root to chown' }, () => {
    const dir = freshDir(0o700);
    chownSync(dir, 65534, 65534);
    const findings = checkDataDir(dir, who);
    assert.deepEqual(statuses(findings), ['fail']);
    assert.equal(findings[0]?.fix, `sudo chown -R tester ${dir}`);
  });

  test('paths with spaces are quoted in fixes', () => {
    const dir = join(scratch, `with space ${counter++}`);
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    assert.equal(checkDataDir(dir, who)[0]?.fix, `chmod 700 '${dir}'`);
  });
});

describe('secret file checks', () => {
  test('admin-credentials readable by others fails with chmod 600; 0600 passes', () => {
    const dir = freshDir(0o700);
    const file = join(dir, 'admin-credentials');
    writeFileSync(file, '[lambdabox]\n', { mode: 0o644 });
    chmodSync(file, 0o644);
    const bad = checkAdminCredentials(dir, who);
    assert.deepEqual(statuses(bad), ['fail']);
    assert.equal(bad[0]?.fix, `chmod 600 ${file}`);
    chmodSync(file, 0o600);
    assert.deepEqual(statuses(checkAdminCredentials(dir, who)), ['ok']);
  });

  test('keys/master.key readable by others fails; a 0700 keys dir and 0600 key pass', () => {
    const dir = freshDir(0o700);
    mkdirSync(join(dir, 'keys'), { mode: 0o700 });
    const key = join(dir, 'keys', 'master.key');
    writeFileSync(key, 'ab'.repeat(32) + '\n', { mode: 0o600 });
    assert.deepEqual(statuses(checkMasterKey(dir, who, {})), ['ok']);
    chmodSync(key, 0o640);
    const bad = checkMasterKey(dir, who, {});
    assert.deepEqual(statuses(bad), ['fail']);
    assert.equal(bad[0]?.fix, `chmod 600 ${key}`);
  });

  test('a store without its master key fails', () => {
    const dir = freshDir(0o700);
    writeFileSync(join(dir, 'lambdabox.db'), '');
    const findings = checkMasterKey(dir, who, {});
    assert.deepEqual(statuses(findings), ['fail']);
    assert.match(findings[0]?.fix ?? '', /LAMBDABOX_MASTER_KEY/);
  });

  test('LAMBDABOX_MASTER_KEY is validated when set', () => {
    const dir = freshDir(0o700);
    assert.deepEqual(statuses(checkMasterKey(dir, who, { LAMBDABOX_MASTER_KEY: 'too-short' })), ['fail']);
    assert.deepEqual(statuses(checkMasterKey(dir, who, { LAMBDABOX_MASTER_KEY: 'cd'.repeat(32) })), ['ok']);
  });
});

describe('host checks', () => {
  test('Node.js below 20 fails, 20 and later pass', () => {
    assert.equal(checkNodeVersion('18.19.0').status, 'fail');
    assert.equal(checkNodeVersion('20.0.0').status, 'ok');
    assert.equal(checkNodeVersion('24.1.0').status, 'ok');
  });

  test('disabled user namespaces are failures with the sysctl fix', () => {
    const proc = join(scratch, `proc${counter++}`);
    mkdirSync(join(proc, 'sys', 'kernel'), { recursive: true });
    mkdirSync(join(proc, 'sys', 'user'), { recursive: true });
    writeFileSync(join(proc, 'sys', 'user', 'max_user_namespaces'), '0\n');
    writeFileSync(join(proc, 'sys', 'kernel', 'unprivileged_userns_clone'), '0\n');
    const bad = checkUserNamespaces(proc);
    assert.deepEqual(statuses(bad), ['fail', 'fail']);
    assert.match(bad[0]?.fix ?? '', /sysctl -w kernel\.unprivileged_userns_clone=1/);
    assert.match(bad[1]?.fix ?? '', /sysctl -w user\.max_user_namespaces=15000/);
    writeFileSync(join(proc, 'sys', 'user', 'max_user_namespaces'), '63000\n');
    writeFileSync(join(proc, 'sys', 'kernel', 'unprivileged_userns_clone'), '1\n');
    assert.deepEqual(statuses(checkUserNamespaces(proc)), ['ok']);
  });

  test('a missing cgroup v1 controller is a failure with the mount fix', () => {
    const root = join(scratch, `cgroup${counter++}`);
    for (const c of CGROUP_CONTROLLERS) if (c !== 'freezer') mkdirSync(join(root, c), { recursive: true });
    const findings = checkCgroups(root, true);
    assert.deepEqual(statuses(findings), ['fail']);
    assert.equal(findings[0]?.fix, `sudo mkdir -p ${root}/freezer && sudo mount -t cgroup -o freezer cgroup ${root}/freezer`);
    mkdirSync(join(root, 'freezer'));
    assert.deepEqual(statuses(checkCgroups(root, true)), ['ok']);
    assert.deepEqual(statuses(checkCgroups(root, false)), ['fail']);
  });

  test('a cgroup v2 hierarchy is reported', () => {
    const root = join(scratch, `cgroup2-${counter++}`);
    mkdirSync(root);
    writeFileSync(join(root, 'cgroup.controllers'), 'cpu memory pids\n');
    assert.deepEqual(statuses(checkCgroups(root, true)), ['fail']);
  });

  test('missing bwrap is a failure and missing aws a warning, with the apt-get fix', () => {
    const bwrap = checkBubblewrap(join(scratch, 'no-such-bwrap'));
    assert.equal(bwrap.status, 'fail');
    assert.equal(bwrap.fix, 'sudo apt-get install -y bubblewrap');
    const aws = checkAwsCli(join(scratch, 'no-such-aws'));
    assert.equal(aws.status, 'warn');
    assert.equal(aws.fix, 'sudo apt-get install -y awscli');
  });
});

describe('lambdabox doctor (compiled CLI)', () => {
  test('a 0755 data dir exits 1 and prints the chmod fix', () => {
    const dir = freshDir(0o755);
    const { code, out } = doctorCli(dir);
    assert.equal(code, 1, out);
    assert.ok(out.includes(`✗ data dir ${dir} is accessible to every user (mode 0755)`), out);
    assert.ok(out.includes(`fix: chmod 700 ${dir}`), out);
    assert.match(out, /1 failure$/m);
  });

  test("a data dir made by a real server passes; a leaked admin-credentials fails", async () => {
    const dir = freshDir(0o700);
    const box = await startLambdabox({ dataDir: dir });
    await box.close();
    const good = doctorCli(dir);
    assert.equal(good.code, 0, good.out);
    assert.ok(good.out.includes(`✓ data dir ${dir} (mode 0700`), good.out);
    assert.ok(good.out.includes(`✓ ${join(dir, 'admin-credentials')} (mode 0600)`), good.out);
    assert.ok(good.out.includes(`✓ ${join(dir, 'keys', 'master.key')} (mode 0600)`), good.out);
    assert.match(good.out, /0 failures$/m);

    chmodSync(join(dir, 'admin-credentials'), 0o644);
    const bad = doctorCli(dir);
    assert.equal(bad.code, 1, bad.out);
    assert.ok(bad.out.includes(`fix: chmod 600 ${join(dir, 'admin-credentials')}`), bad.out);
  });
});
