import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { chmod, mkdir, writeFile, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  SKIP_SANDBOX,
  cgroupDir,
  hostUidOf,
  runToEnd,
  specFor,
  startHarness,
  waitForOutput,
} from './launch-harness.js';
import type { LaunchHarness } from './launch-harness.js';

const NODE = '/usr/bin/node';

describe('sandbox launch: identity and isolation', { skip: SKIP_SANDBOX }, () => {
  let h: LaunchHarness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  test('runs as uid 993 inside and as the pool uid on the host, never root', async () => {
    const spec = specFor(h, [NODE, '-e', 'console.log(`ids ${process.getuid()} ${process.getgid()}`); setInterval(() => {}, 1000)']);
    const proc = await h.launcher.launch(spec);
    try {
      const printed = await waitForOutput(proc, '\n');
      assert.equal(printed.trim(), 'ids 993 990');
      const pids = (await readFile(join(cgroupDir('memory', h.instance, spec.envId), 'cgroup.procs'), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map(Number);
      // bwrap, its pid-1 child and node: every one of them is the pool uid on the host.
      assert.ok(pids.length >= 3, `expected bwrap, its init and node, got ${pids.join(',')}`);
      assert.ok(pids.includes(proc.pid));
      for (const pid of pids) assert.equal(hostUidOf(pid), spec.hostUid, `pid ${pid}`);
      const child = pids.find((pid) => readFileSyncSafe(`/proc/${pid}/comm`).trim() === 'node');
      assert.ok(child !== undefined, 'the node process is in the cgroup');
      assert.equal(execFileSync('ps', ['-o', 'uid=', '-p', String(child)], { encoding: 'utf8' }).trim(), String(spec.hostUid));
      assert.notEqual(spec.hostUid, 0);
    } finally {
      await proc.kill();
      h.uids.release(spec.hostUid);
    }
  });

  test('environment variables arrive through fd 3 and appear in no argv or spawn environment', async () => {
    const secret = `s3cr3t-${Date.now()}`;
    const script = `
      const fs = require('fs');
      const read = (p) => fs.readFileSync(p, 'latin1');
      console.log(JSON.stringify({
        env: process.env,
        cmdline1: read('/proc/1/cmdline'),
        environ1: read('/proc/1/environ'),
      }));
      setInterval(() => {}, 1000);`;
    const spec = specFor(h, [NODE, '-e', script], { env: { SECRET_TOKEN: secret, WITH_SPACE: 'a b  c', EMPTY: '' } });
    const proc = await h.launcher.launch(spec);
    try {
      const seen = JSON.parse(await waitForOutput(proc, '\n')) as { env: Record<string, string>; cmdline1: string; environ1: string };
      assert.equal(seen.env['SECRET_TOKEN'], secret);
      assert.equal(seen.env['WITH_SPACE'], 'a b  c');
      assert.equal(seen.env['EMPTY'], '');
      // Only what the spec gave, plus PWD, which bwrap sets for --chdir.
      assert.deepEqual(Object.keys(seen.env).sort(), ['EMPTY', 'PWD', 'SECRET_TOKEN', 'WITH_SPACE']);
      assert.ok(!seen.cmdline1.includes(secret), '/proc/1/cmdline inside holds no value');
      // bwrap is pid 1 inside: its argv is only `--args 3 -- <command>`, no option and no host path.
      assert.deepEqual(seen.cmdline1.split('\0').slice(1, 4), ['--args', '3', '--'], seen.cmdline1);
      // The launcher's own mounts (/etc/passwd and friends) come from the host's run root.
      assert.ok(!seen.cmdline1.includes('/lambdabox/') && !seen.cmdline1.includes('--ro-bind'), seen.cmdline1);
      assert.equal(seen.environ1, '', '/proc/1/environ inside is empty');
      const hostCmdline = await readFile(`/proc/${proc.pid}/cmdline`, 'latin1');
      assert.ok(hostCmdline.includes('bwrap') && hostCmdline.includes('--args\x003'), hostCmdline);
      assert.ok(!hostCmdline.includes(secret), 'bwrap argv on the host holds no value');
      assert.equal(await readFile(`/proc/${proc.pid}/environ`, 'latin1'), '', 'bwrap runs with an empty environment');
    } finally {
      await proc.kill();
      h.uids.release(spec.hostUid);
    }
  });

  test('only stdin, stdout and stderr are open inside, even when the server inherited other fds', async () => {
    // The probe is a node process started with fds 3-5 open and inheritable, as a server can be.
    const self = fileURLToPath(import.meta.url);
    const probe = self.replace(/launch-isolation\.test\.(ts|js)$/, 'launch-fd-probe.$1');
    const args = self.endsWith('.ts') ? ['--import', 'tsx', probe] : [probe];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit', 'pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, out);
    const report = JSON.parse(out) as { outside: string[]; inside: string[] };
    assert.ok(report.outside.includes('5'), `the probe has fd 5 open: ${report.outside.join(',')}`);
    assert.deepEqual(report.inside, ['0', '1', '2']);
  });

  test('read-only /var/task and /, writable /tmp limited to tmpSizeMiB', async () => {
    const code = join(h.scratch, 'code');
    await mkdir(code, { recursive: true });
    await writeFile(join(code, 'index.js'), 'exports.x = 42;\n');
    // World-writable on the host, so only the read-only bind can refuse the writes (EROFS, not EACCES).
    await chmod(code, 0o777);
    await chmod(join(code, 'index.js'), 0o666);
    const script = `
      const fs = require('fs');
      const attempt = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
      const result = {
        code: require('/var/task/index.js').x,
        task: attempt(() => fs.writeFileSync('/var/task/new.txt', 'x')),
        taskEdit: attempt(() => fs.appendFileSync('/var/task/index.js', 'x')),
        root: attempt(() => fs.mkdirSync('/newdir')),
        etc: attempt(() => fs.writeFileSync('/etc/passwd', 'x')),
        usr: attempt(() => fs.writeFileSync('/usr/x', 'x')),
        devShm: attempt(() => fs.writeFileSync('/dev/shm/x', 'x')),
        tmp: attempt(() => fs.writeFileSync('/tmp/small', 'hello')),
        cwd: process.cwd(),
      };
      const chunk = Buffer.alloc(1024 * 1024, 1);
      let written = 0;
      result.fill = attempt(() => { for (;;) { fs.appendFileSync('/tmp/fill', chunk); written += 1; } });
      result.writtenMiB = written;
      console.log(JSON.stringify(result));`;
    const spec = specFor(h, [NODE, '-e', script], {
      tmpSizeMiB: 8,
      mounts: [{ kind: 'ro-bind', source: code, dest: '/var/task' }],
      cwd: '/var/task',
    });
    const { stdout, stderr, exit } = await runToEnd(h, spec);
    assert.equal(exit.code, 0, stderr);
    const r = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(r['code'], 42);
    assert.equal(r['task'], 'EROFS');
    assert.equal(r['taskEdit'], 'EROFS');
    assert.equal(r['root'], 'EROFS');
    assert.equal(r['etc'], 'EROFS');
    assert.equal(r['usr'], 'EROFS');
    assert.equal(r['devShm'], 'EROFS');
    assert.equal(r['tmp'], 'ok');
    assert.equal(r['cwd'], '/var/task');
    assert.equal(r['fill'], 'ENOSPC');
    assert.ok(Number(r['writtenMiB']) >= 6 && Number(r['writtenMiB']) <= 8, `wrote ${String(r['writtenMiB'])} MiB`);
  });

  test('no network: only lo, and the host loopback is unreachable', async () => {
    const server = createServer((socket) => socket.end('host'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const script = `
        const os = require('os');
        const net = require('net');
        const s = net.connect(${port}, '127.0.0.1');
        s.on('data', () => { console.log(JSON.stringify({ reached: true })); process.exit(0); });
        s.on('error', (e) => console.log(JSON.stringify({ ifaces: Object.keys(os.networkInterfaces()), error: e.code, host: os.hostname() })));`;
      const { stdout, stderr, exit } = await runToEnd(h, specFor(h, [NODE, '-e', script]));
      assert.equal(exit.code, 0, stderr);
      assert.deepEqual(JSON.parse(stdout), { ifaces: ['lo'], error: 'ECONNREFUSED', host: 'localhost' });
    } finally {
      server.close();
    }
  });

  test('no capabilities, no new privileges, no nested user namespaces', async () => {
    const script = 'grep -E "^(CapEff|CapBnd|NoNewPrivs)" /proc/self/status; unshare -U true && echo unshared || echo refused';
    const { stdout } = await runToEnd(h, specFor(h, ['/bin/sh', '-c', script]));
    assert.match(stdout, /^CapEff:\s+0000000000000000$/m);
    assert.match(stdout, /^CapBnd:\s+0000000000000000$/m);
    assert.match(stdout, /^NoNewPrivs:\s+1$/m);
    assert.match(stdout, /^refused$/m);
  });

  test('python3 runs in the minimal userland, TLS roots included', async () => {
    const script = 'import ssl, os; ctx = ssl.create_default_context(); print(os.getuid(), len(ctx.get_ca_certs()) > 0 or os.path.isdir("/etc/ssl/certs"))';
    const { stdout, stderr, exit } = await runToEnd(h, specFor(h, ['/usr/bin/python3', '-c', script]));
    assert.equal(exit.code, 0, stderr);
    assert.equal(stdout.trim(), '993 True');
  });

  test('the rlimits Lambda documents: 1024 open files, no core dumps', async () => {
    const { stdout } = await runToEnd(h, specFor(h, ['/bin/sh', '-c', 'ulimit -n; ulimit -Hn; ulimit -c']));
    assert.deepEqual(stdout.trim().split('\n'), ['1024', '1024', '0']);
  });
});

function readFileSyncSafe(path: string): string {
  try {
    return execFileSync('cat', [path], { encoding: 'utf8' });
  } catch {
    return '';
  }
}
