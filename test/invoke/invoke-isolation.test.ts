/**
 * Sandbox processes as the host sees them (issue 3, acceptance 3 and "no leftovers after restart"):
 * during an invoke every process of a sandbox runs under its own non-root host uid, and a server
 * killed with SIGKILL while environments are warm leaves nothing behind once restarted.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateFunctionCommand, GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { startServerProcess } from '../helpers/server-process.js';
import { createLambdaRoleViaApi } from '../helpers/lambda-roles.js';
import { TEST_ROLE, zipOf } from '../helpers/zips.js';
import { instanceName } from '../../src/lambdabox.js';
import { runRoot } from '../../src/sandbox/run-dir.js';
import { DEFAULT_UID_RANGE } from '../../src/sandbox/launch/uid-pool.js';
import { FAST_MEMORY, deploy, hostProcesses, instanceCgroupDirs, invoke, sandboxProcesses, sleep } from './invoke-harness.js';
import type { HostProcess } from './invoke-harness.js';

const run = promisify(execFile);

/** Holds the invocation open with a child process running, so the sandbox has several processes. */
const BUSY = `import { spawn } from 'node:child_process';
export const handler = async (event) => {
  const child = spawn('/bin/sleep', [String(event.seconds)], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return { uid: process.getuid(), gid: process.getgid() };
};
`;

/** Real, effective, saved and filesystem ids from /proc/<pid>/status. */
function ids(pid: number): { uids: number[]; gids: number[] } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number[] => (new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(status)?.[1] ?? '').trim().split(/\s+/).map(Number);
    return { uids: field('Uid'), gids: field('Gid') };
  } catch {
    return undefined;
  }
}

/** The pids-controller cgroup of a process ('' once it is gone). */
function pidsCgroup(pid: number): string {
  try {
    return /^\d+:pids:(.*)$/m.exec(readFileSync(`/proc/${pid}/cgroup`, 'utf8'))?.[1] ?? '';
  } catch {
    return '';
  }
}

const inSandboxRange = (uid: number): boolean => uid >= DEFAULT_UID_RANGE.first && uid <= DEFAULT_UID_RANGE.last;

describe('Invoke end to end: sandbox processes on the host', { concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;

  before(async () => {
    fx = await startLambdabox();
    lambda = fx.lambda();
    await deploy(fx, lambda, 'busy', { 'index.mjs': BUSY });
  });
  after(async () => {
    await fx.close();
  });

  test('during an invoke, every sandbox process runs under a non-root host uid, one uid per environment (ps shows it)', async () => {
    // Both sleeps must be seen at once: 8 s each (two cold starts on a loaded machine can be seconds
    // apart), polled until both show or the invokes end, not for a fixed 4 s.
    let settled = false;
    const running = Promise.all([
      invoke(lambda, 'busy', { payload: '{"seconds":8}' }),
      invoke(lambda, 'busy', { payload: '{"seconds":8}' }),
    ]).finally(() => {
      settled = true;
    });
    let procs: HostProcess[] = [];
    while (!settled && procs.filter((p) => p.cmdline.startsWith('/bin/sleep')).length < 2) {
      await sleep(50);
      procs = sandboxProcesses(fx.dataDir);
    }
    const { stdout } = await run('ps', ['-eo', 'uid=,gid=,pid=,args=']);
    const [first, second] = await running;
    assert.equal(first?.status, 200);
    assert.equal(second?.status, 200);

    // Inside, the function sees a mapped uid; on the host each environment is its own unprivileged uid.
    assert.ok(procs.length >= 6, `expected bwrap, its init, node and sleep per environment: ${JSON.stringify(procs)}`);
    const bootstraps = procs.filter((p) => p.cmdline === '/var/lang/bin/node /var/runtime/bootstrap.mjs');
    const sleeps = procs.filter((p) => p.cmdline === '/bin/sleep 8');
    assert.equal(bootstraps.length, 2, JSON.stringify(procs));
    assert.equal(sleeps.length, 2, JSON.stringify(procs));
    for (const p of procs) {
      const id = ids(p.pid);
      if (id === undefined) continue;
      for (const uid of id.uids) assert.ok(uid !== 0 && inSandboxRange(uid), `${p.cmdline} (pid ${p.pid}) has uid ${uid}`);
      for (const gid of id.gids) assert.ok(gid !== 0, `${p.cmdline} (pid ${p.pid}) has gid ${gid}`);
    }
    assert.equal(new Set(bootstraps.map((p) => p.uid)).size, 2, 'two environments never share a host uid');

    // What `ps` printed at that moment agrees: every sandbox pid under a non-root uid.
    const psRows = stdout.trim().split('\n').map((line) => line.trim().split(/\s+/));
    const pids = new Set(procs.map((p) => String(p.pid)));
    const rows = psRows.filter((r) => r[2] !== undefined && pids.has(r[2]));
    assert.ok(rows.length >= procs.length - 2, `ps listed ${rows.length} of ${procs.length}`);
    for (const r of rows) assert.notEqual(r[0], '0', r.join(' '));
    assert.ok(rows.some((r) => r.slice(3).join(' ') === '/var/lang/bin/node /var/runtime/bootstrap.mjs'));
  });

  test('no leftovers after a server is killed with SIGKILL while environments are warm, then restarted', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lambdabox-crash-'));
    const envsDir = join(await runRoot(), instanceName(dataDir), 'envs');
    const client = (url: string): LambdaClient =>
      new LambdaClient({
        endpoint: url,
        region: TEST_REGION,
        credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
        maxAttempts: 1,
      });
    let server = await startServerProcess(dataDir);
    await createLambdaRoleViaApi(server.url, { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, TEST_ROLE);
    let sdk = client(server.url);
    try {
      await sdk.send(
        new CreateFunctionCommand({
          FunctionName: 'crash',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: TEST_ROLE,
          Code: { ZipFile: zipOf({ 'index.mjs': BUSY }) },
          MemorySize: FAST_MEMORY,
        }),
      );
      // Polled with a generous bound (it only costs time when the function never turns Active).
      for (let i = 0; i < 1200; i++) {
        const got = await sdk.send(new GetFunctionCommand({ FunctionName: 'crash' }));
        if (got.Configuration?.State === 'Active') break;
        await sleep(50);
      }
      // Two warm environments: two concurrent invokes, then both idle. Each holds its environment for 2 s,
      // so the second is admitted while the first still runs even when the machine is slow.
      const warm = await Promise.all([1, 2].map(() => invoke(sdk, 'crash', { payload: '{"seconds":2}' })));
      for (const w of warm) assert.equal(w.status, 200, w.text);
      const oldProcs = sandboxProcesses(dataDir);
      const oldCgroups = instanceCgroupDirs(dataDir);
      const oldEnvs = await readdir(envsDir);
      assert.equal(oldCgroups.length, 2);
      assert.equal(oldEnvs.length, 2);
      assert.ok(oldProcs.length >= 4, JSON.stringify(oldProcs));
      const oldUids = new Set(oldProcs.map((p) => p.uid));

      server.child.kill('SIGKILL');
      await server.exited;
      server = await startServerProcess(dataDir);
      sdk.destroy();
      sdk = client(server.url);

      // Restart cleaned up: no process of the old sandboxes, no process under their uids, no cgroups, no run dirs.
      // Zombies do not count: they are dead, orphaned to the host's init, which reaps them in its own time.
      const all = hostProcesses();
      for (const z of all.filter((a) => a.state === 'Z' && oldUids.has(a.uid))) assert.equal(z.ppid, 1, JSON.stringify(z));
      const alive = all.filter((a) => a.state !== 'Z');
      for (const p of oldProcs) {
        assert.equal(alive.some((a) => a.pid === p.pid && a.cmdline === p.cmdline), false, `${p.cmdline} (pid ${p.pid}) survived`);
      }
      // Another lambdabox on this host may hold one of the old uids by now; its sandboxes sit in its own cgroups.
      const othersSandbox = (pid: number): boolean => {
        const cgroup = pidsCgroup(pid);
        return cgroup.startsWith('/lambdabox/') && !cgroup.startsWith(`/lambdabox/${instanceName(dataDir)}/`);
      };
      assert.deepEqual(alive.filter((a) => oldUids.has(a.uid) && !othersSandbox(a.pid)), []);
      for (const dir of oldCgroups) assert.equal(existsSync(dir), false, dir);
      for (const controller of ['memory', 'cpu', 'cpuacct', 'freezer']) assert.deepEqual(instanceCgroupDirs(dataDir, controller), []);
      assert.deepEqual(existsSync(envsDir) ? await readdir(envsDir) : [], []);

      // And the restarted server serves.
      const after = await invoke(sdk, 'crash', { payload: '{"seconds":0}', tail: true });
      assert.equal(after.status, 200, after.text);
      assert.match(after.log ?? '', /Init Duration/);
    } finally {
      sdk.destroy();
      server.child.kill('SIGTERM');
      await server.exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
