/**
 * The seccomp deny-list as a real function meets it (issue 5, acceptance 2): a python3.11 function
 * calls every denied syscall through ctypes' syscall() and reports each errno, so the filter is shown
 * loaded into every environment by the server itself, not only by a hand-built bwrap line. The probe
 * runs only inside a sandbox (pid 1 is bwrap) and never as root.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { deploy, FAST_MEMORY, invoke } from '../../invoke/invoke-harness.js';
import { DEFAULT_SECCOMP_POLICY, TIOCLINUX, TIOCSTI } from '../../../src/sandbox/seccomp/deny-list.js';
import { EPERM } from '../../../src/sandbox/seccomp/bpf.js';
import { X86_64_SYSCALLS } from '../../../src/sandbox/seccomp/syscalls-x86_64.js';
import { SKIP_SANDBOX } from '../launch/launch-harness.js';

const PROBE = String.raw`
import ctypes, os, signal

def comm(pid):
    try:
        with open('/proc/%d/comm' % pid) as f: return f.read().strip()
    except OSError: return ''

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long

def call(nr, args):
    ctypes.set_errno(0)
    r = libc.syscall(ctypes.c_long(nr), *[ctypes.c_ulong(a) for a in args])
    if r == 0 and nr == 56: os._exit(0)  # a clone that got through: the copy leaves at once
    return 0 if r >= 0 else ctypes.get_errno()

def status(field):
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith(field + ':'): return line.split(':', 1)[1].strip()
    return ''

def handler(event, context):
    if comm(1) != 'bwrap' or os.getuid() == 0 or os.geteuid() == 0:
        raise Exception('refusing to run outside a lambdabox sandbox')
    out = {'errno': {}, 'seccomp': status('Seccomp'), 'filters': status('Seccomp_filters')}
    for probe in event['calls']:
        out['errno'][probe['name']] = call(probe['nr'], probe['args'])
    # The x32 ABI (nr | 0x40000000) kills the whole process: try it in a forked child.
    pid = os.fork()
    if pid == 0:
        call(0x40000000 | 39, [])
        os._exit(0)
    _, st = os.waitpid(pid, 0)
    out['x32'] = os.WTERMSIG(st) if os.WIFSIGNALED(st) else -os.WEXITSTATUS(st)
    # Ordinary work still runs: files, fork, threads.
    with open('/tmp/ok.txt', 'w') as f: f.write('ok')
    with open('/tmp/ok.txt') as f: out['file'] = f.read()
    pid = os.fork()
    if pid == 0: os._exit(7)
    out['fork'] = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    return out
`;

const CLONE_NEWUSER = 0x10000000;
const SIGCHLD = 17;
const SIGSYS = 31;
const AF_VSOCK = 40;
const EAFNOSUPPORT = 97;

/** Arguments that make each call harmless should the filter ever be missing (bad fds, null pointers, no-ops). */
const SPECIAL_ARGS: Readonly<Record<string, readonly number[]>> = {
  unshare: [CLONE_NEWUSER],
  setns: [0xffffffff, 0],
  open_by_handle_at: [0xffffffff, 0, 0],
  name_to_handle_at: [0xffffffff, 0, 0, 0, 0],
  perf_event_open: [0, 0, 0xffffffff, 0xffffffff, 0],
  process_vm_readv: [1, 0, 0, 0, 0, 0],
  process_vm_writev: [1, 0, 0, 0, 0, 0],
  keyctl: [0, 0xfffffffd, 0],
  kcmp: [1, 1, 0, 0, 0],
  pidfd_getfd: [0xffffffff, 0, 0],
  personality: [0xffffffff],
};

interface Call {
  readonly name: string;
  readonly nr: number;
  readonly args: readonly number[];
  readonly errno: number;
}

function probeCalls(): Call[] {
  const calls: Call[] = DEFAULT_SECCOMP_POLICY.denied.map(({ syscall, errno }) => ({
    name: syscall,
    nr: X86_64_SYSCALLS[syscall],
    args: SPECIAL_ARGS[syscall] ?? [0, 0, 0, 0, 0, 0],
    errno,
  }));
  calls.push(
    { name: 'clone(CLONE_NEWUSER)', nr: X86_64_SYSCALLS.clone, args: [CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0], errno: EPERM },
    { name: 'ioctl(TIOCSTI)', nr: X86_64_SYSCALLS.ioctl, args: [0, TIOCSTI, 0], errno: EPERM },
    { name: 'ioctl(TIOCLINUX)', nr: X86_64_SYSCALLS.ioctl, args: [0, TIOCLINUX, 0], errno: EPERM },
    // Spelled out: socket is 41, socketpair 53, AF_VSOCK 40, AF_ALG 38, SOCK_STREAM 1, EAFNOSUPPORT 97.
    { name: 'socket(AF_VSOCK)', nr: 41, args: [AF_VSOCK, 1, 0], errno: EAFNOSUPPORT },
    { name: 'socket(AF_ALG)', nr: 41, args: [38, 5, 0], errno: EAFNOSUPPORT },
    { name: 'socketpair(AF_VSOCK)', nr: 53, args: [AF_VSOCK, 1, 0, 0], errno: EAFNOSUPPORT },
  );
  return calls;
}

interface ProbeResult {
  readonly errno: Record<string, number>;
  readonly seccomp: string;
  readonly filters: string;
  readonly x32: number;
  readonly file: string;
  readonly fork: number;
}

describe('seccomp in every environment', { skip: SKIP_SANDBOX, concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  before(async () => {
    fx = await startLambdabox();
    lambda = fx.lambda();
    await deploy(fx, lambda, 'seccomp-probe', { 'lambda_function.py': PROBE }, {
      runtime: 'python3.11',
      handler: 'lambda_function.handler',
      memorySize: FAST_MEMORY,
    });
  });
  after(async () => {
    await fx.close();
  });

  test('a function calling each denied syscall gets EPERM, ENOSYS or EAFNOSUPPORT, and ordinary work still runs', async () => {
    const calls = probeCalls();
    const out = await invoke(lambda, 'seccomp-probe', { payload: JSON.stringify({ calls }) });
    assert.equal(out.functionError, undefined, out.text);
    const result = out.json<ProbeResult>();
    // Mode 2 = filter; bwrap loads exactly the one program it was given.
    assert.equal(result.seccomp, '2');
    assert.equal(result.filters, '1');
    const wrong = calls
      .filter((c) => result.errno[c.name] !== c.errno)
      .map((c) => `${c.name}: got ${String(result.errno[c.name])}, want ${c.errno}`);
    assert.deepEqual(wrong, []);
    assert.ok(calls.length >= 60, `only ${calls.length} calls probed`);
    assert.equal(result.x32, SIGSYS, 'an x32 syscall kills the process with SIGSYS');
    assert.equal(result.file, 'ok');
    assert.equal(result.fork, 7);
  });

  test('the environment keeps serving after the probe (the x32 kill took only the forked child)', async () => {
    const out = await invoke(lambda, 'seccomp-probe', { payload: JSON.stringify({ calls: [] }) });
    assert.equal(out.functionError, undefined, out.text);
    assert.equal(out.json<ProbeResult>().fork, 7);
  });
});
