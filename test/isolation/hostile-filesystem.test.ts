/**
 * Hostile functions against what a sandbox can see: other environments' /tmp and processes, /proc of
 * its own init, host files (the data dir, the master key, other functions' code), read-only mounts,
 * archives that try to escape the package root, and another function's credentials.
 */
import { after, before, describe } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { TEST_ROLE } from '../helpers/zips.js';
import { sandboxProcesses } from '../invoke/invoke-harness.js';
import { IsolationSuite, NEIGHBOUR, hostileTest, outcomes, probeSource } from './isolation-harness.js';
import { sandboxBackends } from './sandbox-backends.js';
import { IDENTITY_FILES } from '../../src/sandbox/launch/sandbox-identity.js';

type Outcome = { outcome: string; message?: string; result?: { bytes?: string } };

const DENIED = new Set(['ENOENT', 'EACCES', 'EPERM']);
/** An argv entry (one per line in the probe's dump) that is a bwrap option naming a path, an id or a variable. */
const SANDBOX_OPTION = /^--(ro-bind|ro-bind-try|bind|symlink|setenv|uid|gid|chdir|tmpfs|seccomp|root|bundle)(=|$)/m;
// ENOENT: the parent does not exist and cannot be created (no /opt without layers, / is read-only).
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOENT']);

/** A zip whose entries may carry unix symlink modes (`link: true`: the content is the target). */
function rawZip(entries: Record<string, { data: string; link?: boolean }>): Buffer {
  const files: Parameters<typeof zipSync>[0] = {};
  for (const [name, e] of Object.entries(entries)) {
    const mode = e.link === true ? 0o120777 : 0o100644;
    files[name] = [Buffer.from(e.data), { os: 3, attrs: mode << 16 }];
  }
  return Buffer.from(zipSync(files, { mtime: new Date('2024-01-01T00:00:00Z') }));
}

async function rejection(run: () => Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await run();
  } catch (error) {
    const e = error as { name?: string; message?: string };
    return { name: e.name ?? '', message: e.message ?? '' };
  }
  return { name: 'accepted', message: '' };
}

for (const backend of sandboxBackends()) {
  describe(`hostile functions: filesystem, /proc, packages, credentials [${backend.name}]`, { concurrency: false }, () => {
    let suite: IsolationSuite | undefined;
    const get = (): IsolationSuite => {
      if (suite === undefined) throw new Error('suite not started');
      return suite;
    };
    before(async () => {
      suite = await IsolationSuite.start(backend, 'filesystem');
      await suite.deployProbe('probe-killer');
    });
    after(async () => {
      await suite?.close();
    });

    hostileTest(get, { id: 'F01', attack: "read another environment's /tmp (own /tmp, /proc/<pid>/root/tmp, the neighbour's host pids)", expected: 'marker never found: ENOENT everywhere' }, async (s) => {
      const hostPids = sandboxProcesses(s.fx.dataDir).map((p) => p.pid);
      const out = await s.probe<{ own_tmp: string[]; attempts: Record<string, string> }>('other_tmp', {
        markerFile: 'neighbour-secret-marker',
        hostTmpDirs: hostPids.map((pid) => `/proc/${pid}/root/tmp`),
      });
      assert.equal(out.own_tmp.includes('neighbour-secret-marker'), false);
      for (const [path, outcome] of Object.entries(out.attempts)) assert.ok(DENIED.has(outcome), `${path}: ${outcome}`);
      s.assertNoSecrets(JSON.stringify(out));
      return `${Object.keys(out.attempts).length} paths tried, outcomes ${[...new Set(Object.values(out.attempts))].join('/')}`;
    });

    hostileTest(get, { id: 'F02', attack: 'list /proc and kill -9 every pid 1..32768, then kill(-1, SIGKILL)', expected: 'only its own sandbox processes exist; the neighbour lives' }, async (s) => {
      const neighbourBefore = sandboxProcesses(s.fx.dataDir).length;
      const out = await s.probe<{ me: number; proc_listing: Record<string, string>; signalable: number[]; kill9: Record<string, string> }>('processes', {}, 'probe-killer');
      const cmdlines = Object.values(out.proc_listing);
      // Inside: bwrap's init (bwrap) and the runtime, or gVisor's runtime alone; never a host or neighbour process.
      assert.ok(cmdlines.length <= 4, JSON.stringify(out.proc_listing));
      for (const cmd of cmdlines) assert.match(cmd, /^((\/usr\/bin\/)?bwrap |\/usr\/bin\/python3\.\d+ \/var\/runtime\/bootstrap\.py$|<\w+>$)/, JSON.stringify(out.proc_listing));
      assert.deepEqual(out.signalable.map(String).sort(), Object.keys(out.proc_listing).sort(), 'it can signal exactly the pids it can list');
      assert.ok(sandboxProcesses(s.fx.dataDir).length >= neighbourBefore - 3, 'host sandbox processes vanished');
      return `visible pids ${Object.keys(out.proc_listing).join(',')} (${cmdlines.map((c) => c.split(' ')[0]).join(', ')}); kill -9 outcomes ${outcomes(out.kill9)}`;
    });

    hostileTest(get, { id: 'F03', attack: 'read /proc/<pid>/environ and cmdline of every visible pid (incl. /proc/1), mountinfo, open fds', expected: 'no host or neighbour secret; no host path or sandbox option in any cmdline; init environ empty; only stdio and runtime fds' }, async (s) => {
      const out = await s.probe<{ dump: Record<string, unknown>; fds: Record<string, string>; own_env: Record<string, string> }>('proc_secrets');
      const checked = s.assertNoSecrets(JSON.stringify(out));
      const initEnviron = out.dump['/proc/1/environ'];
      if (backend.name === 'bwrap') assert.equal(initEnviron, '', `bwrap's init carries an environment: ${String(initEnviron).slice(0, 200)}`);
      // bwrap stays pid 1 inside: its argv must not tell the sandbox where the host keeps things.
      const cmdlines = Object.entries(out.dump).filter(([path]) => path.endsWith('/cmdline'));
      assert.ok(cmdlines.some(([path]) => path === '/proc/1/cmdline'), JSON.stringify(Object.keys(out.dump)));
      const hostPaths = [s.fx.dataDir, '/lambdabox/', ...s.codeDirs()];
      for (const [path, text] of cmdlines) {
        for (const host of hostPaths) assert.equal(String(text).includes(host), false, `${path} shows the host path ${host}: ${String(text)}`);
        assert.doesNotMatch(String(text), SANDBOX_OPTION, `${path} shows the sandbox's options: ${String(text)}`);
      }
      for (const [fd, target] of Object.entries(out.fds)) {
        assert.doesNotMatch(target, /lambdabox|\/work|\/root|\/home|\.db$|master\.key/, `fd ${fd} -> ${target}`);
      }
      const init = String(out.dump['/proc/1/cmdline']).replace(/\n/g, ' ').trim();
      return `${Object.keys(out.dump).length} /proc files read, none holds any of ${checked} secrets or a host path; /proc/1/cmdline "${init}"; fds ${outcomes(out.fds)}`;
    });

    hostileTest(get, { id: 'F04', attack: "read host files: /etc/shadow, /root, the data dir, the master key, other functions' code dirs, /sys, /dev/kvm", expected: "ENOENT (not mounted) or EACCES for each (gVisor: its own empty /sys/fs/cgroup; /etc/passwd: the sandbox's own sbx_user1051 file, not the host's)" }, async (s) => {
      const paths = [
        '/etc/shadow', '/etc/passwd', '/root', '/home', '/work', '/sys/fs/cgroup', '/dev/kvm', '/var/lib',
        s.fx.dataDir, `${s.fx.dataDir}/keys/master.key`, `${s.fx.dataDir}/lambdabox.db`,
        '/proc/1/root/etc/shadow', '/proc/self/root/etc/shadow',
        ...s.codeDirs(), ...s.codeDirs().map((d) => `${d}/neighbour.py`),
      ];
      const out = await s.probe<Record<string, Outcome>>('read_paths', { paths });
      for (const [path, r] of Object.entries(out)) {
        // gVisor serves its own synthetic /sys (an empty cgroup dir), never the host's controllers.
        const synthetic = backend.name === 'gvisor' && path === '/sys/fs/cgroup' && r.outcome === 'OK' && JSON.stringify(r).includes('"dir":[]');
        // The sandbox's own passwd (Lambda's sbx_user1051, sandbox-identity.ts), never the host's.
        const ownPasswd = path === '/etc/passwd' && r.outcome === 'OK' && r.result?.bytes === IDENTITY_FILES['/etc/passwd'] && r.result?.bytes !== readFileSync('/etc/passwd', 'utf8');
        assert.ok(DENIED.has(r.outcome) || synthetic || ownPasswd, `${path}: ${JSON.stringify(r)}`);
      }
      s.assertNoSecrets(JSON.stringify(out));
      const counts = new Map<string, number>();
      for (const r of Object.values(out)) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
      return `${paths.length} paths: ${[...counts].map(([k, v]) => `${k}×${v}`).join(', ')}`;
    });

    hostileTest(get, { id: 'F05', attack: 'write to /var/task, /opt, /, /var/runtime, /usr, /etc; chmod its code; mkdir /evil', expected: 'EROFS (EACCES; ENOENT where the parent is absent) for each; mkdir / EROFS' }, async (s) => {
      const out = await s.probe<Record<string, string>>('write_paths', {
        paths: ['/var/task/probe.py', '/var/task/new.py', '/opt/evil', '/evil', '/var/runtime/bootstrap.py', '/usr/bin/evil', '/etc/evil'],
      });
      for (const [path, outcome] of Object.entries(out)) assert.ok(READ_ONLY.has(outcome), `${path}: ${outcome}`);
      assert.ok(out['mkdir_root'] === 'EROFS' || out['mkdir_root'] === 'EACCES', `mkdir /evil: ${out['mkdir_root']}`);
      // The code really is unchanged.
      const again = await s.probe<Record<string, { outcome: string; result?: { bytes: string } }>>('read_paths', { paths: ['/var/task/probe.py'] });
      assert.equal(again['/var/task/probe.py']?.result?.bytes, probeSource('probe.py').slice(0, 4096));
      return outcomes(out);
    });

    hostileTest(get, { id: 'F06', attack: 'CreateFunction with zip entries ../evil.py, /etc/cron.d/evil and ..\\evil.py', expected: 'InvalidParameterValueException, nothing extracted' }, async (s) => {
      const results: string[] = [];
      for (const name of ['../evil.py', '/etc/cron.d/evil', '..\\evil.py', 'a/../../evil.py']) {
        const zip = rawZip({ 'probe.py': { data: 'x = 1\n' }, [name]: { data: 'owned = True\n' } });
        const r = await rejection(() =>
          s.lambda.send(new CreateFunctionCommand({ FunctionName: 'zip-slip', Runtime: 'python3.11', Handler: 'probe.handler', Role: TEST_ROLE, Code: { ZipFile: zip } })),
        );
        assert.equal(r.name, 'InvalidParameterValueException', `${name}: ${r.name} ${r.message}`);
        assert.match(r.message, /outside the deployment package|Could not unzip/);
        results.push(`${name} → ${r.name}`);
      }
      return results.join('; ');
    });

    hostileTest(get, { id: 'F07', attack: 'zip with symlinks escaping the root (/etc/shadow, ../../.., a chain via another link), at create and update', expected: 'InvalidParameterValueException' }, async (s) => {
      const results: string[] = [];
      const cases: Record<string, Record<string, { data: string; link?: boolean }>> = {
        absolute: { 'probe.py': { data: 'x = 1\n' }, shadow: { data: '/etc/shadow', link: true } },
        relative: { 'probe.py': { data: 'x = 1\n' }, 'up/root': { data: '../../../../../', link: true } },
        chained: { 'probe.py': { data: 'x = 1\n' }, 'x/l': { data: '..', link: true }, a: { data: 'x/l/..', link: true } },
      };
      for (const [label, entries] of Object.entries(cases)) {
        const create = await rejection(() =>
          s.lambda.send(new CreateFunctionCommand({ FunctionName: 'zip-link', Runtime: 'python3.11', Handler: 'probe.handler', Role: TEST_ROLE, Code: { ZipFile: rawZip(entries) } })),
        );
        assert.equal(create.name, 'InvalidParameterValueException', `${label}: ${create.name} ${create.message}`);
        const update = await rejection(() => s.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: NEIGHBOUR, ZipFile: rawZip(entries) })));
        assert.equal(update.name, 'InvalidParameterValueException', `${label} (update): ${update.name} ${update.message}`);
        results.push(`${label} → ${create.name}`);
      }
      return results.join('; ');
    });

    hostileTest(get, { id: 'F08', attack: "use another function's credentials: find the neighbour's role credentials anywhere it can read", expected: 'its own credentials only, different from the neighbour\'s; the neighbour\'s never visible' }, async (s) => {
      const neighbourCreds = s.neighbour.credentials;
      assert.ok(neighbourCreds['AWS_SECRET_ACCESS_KEY'] !== undefined, 'environments get no role credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN)');
      const out = await s.probe<{ own_env: Record<string, string> }>('proc_secrets');
      s.assertNoSecrets(JSON.stringify(out));
      const own = out.own_env;
      assert.ok(own['AWS_SECRET_ACCESS_KEY'] !== undefined, 'the probe has no credentials of its own');
      assert.notEqual(own['AWS_ACCESS_KEY_ID'], neighbourCreds['AWS_ACCESS_KEY_ID']);
      assert.notEqual(own['AWS_SESSION_TOKEN'], neighbourCreds['AWS_SESSION_TOKEN']);
      return `own key ${own['AWS_ACCESS_KEY_ID']?.slice(0, 4)}… differs from the neighbour's; none of the neighbour's three values readable`;
    });
  });
}
