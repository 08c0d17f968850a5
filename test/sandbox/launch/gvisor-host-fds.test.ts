/**
 * runsc's own host file descriptors. Under gVisor every file the function has looked at is a dentry
 * in the sentry, and each one holds host fds in the sentry and the gofer; the function's limit of
 * 1,024 open files is applied inside (the OCI rlimit). When the launch wrapper gave runsc itself
 * that same 1,024, a walk of a few thousand files (the hostile suite's `find` of setuid binaries,
 * a Python import of a big package) used them all up: from then on every open and exec in the
 * environment failed with EMFILE, and a warm environment stayed broken for every later invoke.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collect, cgroupDir, SKIP_SANDBOX, specFor, startHarness, waitForOutput } from './launch-harness.js';
import type { LaunchHarness } from './launch-harness.js';
import type { SandboxSpec } from '../../../src/sandbox/launch/sandbox-spec.js';

function skipReason(): string | false {
  if (SKIP_SANDBOX !== false) return SKIP_SANDBOX;
  if (!['/usr/bin/runsc', '/usr/sbin/runsc', '/usr/local/bin/runsc'].some((p) => existsSync(p))) return 'runsc is missing (apt-get install -y runsc)';
  return false;
}

/** Host fds open in each process of the environment's cgroup (runsc, its sentry and gofer). */
function hostFdsOf(instance: string, envId: string): { pid: number; fds: number }[] {
  const procs = readFileSync(join(cgroupDir('pids', instance, envId), 'cgroup.procs'), 'utf8').split('\n').filter((l) => l !== '');
  return procs.flatMap((pid) => {
    try {
      return [{ pid: Number(pid), fds: readdirSync(`/proc/${pid}/fd`).length }];
    } catch {
      return [];
    }
  });
}

/** Walks, then proves the environment can still open its code, list a directory and start a process. */
const SCRIPT = `
walked=$(find /usr/bin /usr/sbin /usr/lib /usr/share -maxdepth 3 -xdev 2>/dev/null | wc -l)
echo "walked $walked"
echo "code $(cat /var/task/code.txt 2>&1)"
/usr/bin/true && echo spawned
echo "nofile $(ulimit -n) $(ulimit -Hn)"
echo walk-done
exec sleep 600
`;

describe('gVisor: runsc\'s host file descriptors', { skip: skipReason(), concurrency: false }, () => {
  let h: LaunchHarness;
  let task: string;
  before(async () => {
    h = await startHarness();
    task = join(h.scratch, 'task');
    await mkdir(task, { mode: 0o755 });
    await chmod(task, 0o755);
    await writeFile(join(task, 'code.txt'), 'the code\n', { mode: 0o644 });
  });
  after(async () => {
    await h.close();
  });

  test('after a walk of thousands of files the environment still opens its code and starts processes; the function still has 1,024 fds', async () => {
    const spec: SandboxSpec = specFor(h, ['/bin/sh', '-c', SCRIPT], {
      backend: 'gvisor',
      mounts: [{ kind: 'ro-bind', source: task, dest: '/var/task' }],
      cwd: '/var/task',
      memoryMiB: 512,
    });
    const proc = await h.launcher.launch(spec);
    const output = collect(proc);
    try {
      await waitForOutput(proc, 'walk-done', 120_000);
      const lines = output.stdout().split('\n');
      // Which runsc process holds how many host fds (the gofer held 1,024 when the environment broke).
      const seen = `${output.stdout()}\n${output.stderr()}\nhost fds: ${JSON.stringify(hostFdsOf(h.instance, spec.envId))}`;
      const walked = Number(/^walked (\d+)$/m.exec(output.stdout())?.[1] ?? '0');
      // More entries than runsc had fds before: the walk alone would have exhausted them.
      assert.ok(walked > 4096, `walked only ${walked}: ${seen}`);
      assert.ok(lines.includes('code the code'), seen);
      assert.ok(lines.includes('spawned'), seen);
      assert.ok(lines.includes('nofile 1024 1024'), seen);
    } finally {
      await proc.kill();
      h.uids.release(spec.hostUid);
    }
  });
});
