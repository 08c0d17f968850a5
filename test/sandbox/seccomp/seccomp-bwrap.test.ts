/**
 * End to end: the generated filter loaded by `bwrap --seccomp FD` into an unprivileged sandbox,
 * where a Python probe attempts the denied syscalls and reports each errno. The probe refuses to
 * run anywhere but inside such a sandbox, so it can never poke at the host.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSeccompFilter } from '../../../src/sandbox/seccomp/generate.js';

const MARKER = 'LAMBDABOX_SECCOMP_PROBE';
const NOBODY = '65534';

const SKIP: string | false = !existsSync('/usr/bin/bwrap')
  ? 'bwrap is missing: apt-get install -y bubblewrap'
  : !existsSync('/usr/bin/python3')
    ? 'no /usr/bin/python3'
    : process.getuid?.() !== 0
      ? 'needs root to drop to an unprivileged uid with setpriv'
      : false;

// Inside bwrap's pid namespace, bwrap is pid 1 and this probe its child; anywhere else it exits.
const PROBE = String.raw`
import ctypes, errno, json, os, sys, threading
def comm(pid):
    try:
        with open('/proc/%d/comm' % pid) as f: return f.read().strip()
    except OSError: return ''
if os.environ.get('${MARKER}') != '1' or comm(1) != 'bwrap' or os.getuid() == 0 or os.geteuid() == 0:
    print('refusing to run outside the seccomp test sandbox', file=sys.stderr); sys.exit(97)
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
def call(nr, *args):
    ctypes.set_errno(0)
    r = libc.syscall(ctypes.c_long(nr), *[ctypes.c_ulong(a) for a in args])
    if r == 0 and nr == 56: os._exit(0)  # a clone that got through: the copy leaves at once
    return 0 if r >= 0 else ctypes.get_errno()
# The unfiltered control run skips the calls that would succeed and change the probe's state.
control = sys.argv[1:] == ['control']
out = {} if control else {'ptrace': call(101, 0, 0, 0, 0), 'clone_newuser': call(56, 0x10000000 | 17, 0, 0, 0, 0)}
out.update({
  'unshare': call(272, 0x10000000),
  'setns': call(308, 0xffffffff, 0),
  'mount': call(165, 0, 0, 0, 0, 0),
  'keyctl': call(250, 0, 0xfffffffd, 0),
  'bpf': call(321, 0, 0, 0),
  'perf_event_open': call(298, 0, 0, 0xffffffff, 0xffffffff, 0),
  'open_by_handle_at': call(304, 0xffffffff, 0, 0),
  'init_module': call(175, 0, 0, 0),
  'process_vm_readv': call(310, 1, 0, 0, 0, 0, 0),
  'tiocsti': call(16, 0, 0x5412, 0),
  'io_uring_setup': call(425, 1, 0),
  'clone3': call(435, 0, 0),
})
# socket(2) and socketpair(2) by family (AF_VSOCK 40, AF_ALG 38, AF_PACKET 17; SOCK_STREAM 1, SOCK_RAW 3).
pair = (ctypes.c_int * 2)()
out.update({
  'socket_unix': call(41, 1, 1, 0), 'socket_inet': call(41, 2, 1, 0), 'socket_inet6': call(41, 10, 1, 0),
  'socket_netlink': call(41, 16, 3, 0), 'socket_vsock': call(41, 40, 1, 0), 'socket_alg': call(41, 38, 5, 0),
  'socket_packet': call(41, 17, 3, 0), 'socketpair_unix': call(53, 1, 1, 0, ctypes.addressof(pair)),
  'socketpair_vsock': call(53, 40, 1, 0, ctypes.addressof(pair)),
})
with open('/tmp/probe.txt', 'w') as f: f.write('hello')
with open('/tmp/probe.txt') as f: out['file_io'] = f.read()
pid = os.fork()
if pid == 0: os._exit(7)
out['fork_status'] = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
box = []
t = threading.Thread(target=lambda: box.append('thread ran')); t.start(); t.join()
out['thread'] = box[0] if box else ''
print(json.dumps(out))
`;

interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function runProbe(filter: Buffer | undefined, marker: boolean): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'lbx-seccomp-'));
  const file = join(dir, 'filter.bpf');
  await writeFile(file, filter ?? Buffer.alloc(0));
  const handle = await open(file, 'r');
  try {
    const args = [
      `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '/usr/bin/bwrap',
      '--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session',
      '--cap-drop', 'ALL',
      '--ro-bind', '/usr', '/usr', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64',
      '--symlink', 'usr/bin', '/bin', '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp',
      '--clearenv', ...(marker ? ['--setenv', MARKER, '1'] : []),
      ...(filter ? ['--seccomp', '3'] : []),
      '--', '/usr/bin/python3', '-c', PROBE, ...(filter ? [] : ['control']),
    ];
    const child = spawn('/usr/bin/setpriv', args, { env: {}, stdio: ['ignore', 'pipe', 'pipe', handle.fd] });
    assert.ok(child.stdout && child.stderr);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c) => resolve(c));
    });
    return { code, stdout, stderr };
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const EPERM = 1;
const ENOSYS = 38;
const EBADF = 9;
const ENOTTY = 25;
const EAFNOSUPPORT = 97;

describe('seccomp filter inside bwrap', { skip: SKIP }, () => {
  test('denied syscalls fail with EPERM/ENOSYS while normal work runs', async () => {
    const result = await runProbe(generateSeccompFilter(), true);
    assert.equal(result.code, 0, `stderr: ${result.stderr}`);
    const out = JSON.parse(result.stdout) as Record<string, number | string>;
    for (const name of ['ptrace', 'unshare', 'setns', 'mount', 'keyctl', 'bpf', 'perf_event_open',
      'open_by_handle_at', 'init_module', 'process_vm_readv', 'clone_newuser', 'tiocsti']) {
      assert.equal(out[name], EPERM, `${name}: ${JSON.stringify(out)}`);
    }
    assert.equal(out.io_uring_setup, ENOSYS);
    assert.equal(out.clone3, ENOSYS);
    for (const name of ['socket_unix', 'socket_inet', 'socket_inet6', 'socket_netlink', 'socketpair_unix']) {
      assert.equal(out[name], 0, `${name}: ${JSON.stringify(out)}`);
    }
    for (const name of ['socket_vsock', 'socket_alg', 'socket_packet', 'socketpair_vsock']) {
      assert.equal(out[name], EAFNOSUPPORT, `${name}: ${JSON.stringify(out)}`);
    }
    assert.equal(out.file_io, 'hello');
    assert.equal(out.fork_status, 7);
    assert.equal(out.thread, 'thread ran');
  });

  test('without the filter the same calls reach the kernel: the filter is what denies them', async () => {
    const result = await runProbe(undefined, true);
    assert.equal(result.code, 0, `stderr: ${result.stderr}`);
    const out = JSON.parse(result.stdout) as Record<string, number | string>;
    assert.equal(out.setns, EBADF, JSON.stringify(out));
    assert.equal(out.tiocsti, ENOTTY);
    // Without the filter the kernel decides: AF_PACKET needs CAP_NET_RAW, which the sandbox lacks.
    assert.equal(out.socket_unix, 0);
    assert.equal(out.socket_packet, EPERM);
    assert.notEqual(out.io_uring_setup, ENOSYS);
    assert.notEqual(out.clone3, ENOSYS);
    assert.equal(out.fork_status, 7);
  });

  test('the probe refuses to run without its sandbox marker', async () => {
    const result = await runProbe(generateSeccompFilter(), false);
    assert.equal(result.code, 97);
    assert.match(result.stderr, /refusing/);
  });
});
