/**
 * Hostile functions against the kernel's attack surface: each issues the real syscall an escape
 * would need (ptrace, mount, namespaces, keys, bpf, perf, io_uring, TIOCSTI, raw sockets, the clock,
 * modules, setuid binaries) and must be refused with the errno the seccomp deny-list and dropped
 * capabilities give (security.md §1.7). Every test then checks the platform serves and the neighbour
 * is untouched.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { IsolationSuite, hostileTest, outcomes } from './isolation-harness.js';
import { sandboxBackends } from './sandbox-backends.js';

type Outcomes = Record<string, string>;

/** The seccomp answer to a socket family outside the allowed four: runsc answers EPERM for any errno (gvisor-oci-spec.ts). */
const FAMILY_REFUSED = { bwrap: 'EAFNOSUPPORT', gvisor: 'EPERM' } as const;

for (const backend of sandboxBackends()) {
  describe(`hostile functions: syscalls [${backend.name}]`, { concurrency: false }, () => {
    let suite: IsolationSuite | undefined;
    const get = (): IsolationSuite => {
      if (suite === undefined) throw new Error('suite not started');
      return suite;
    };
    before(async () => {
      suite = await IsolationSuite.start(backend, 'syscalls');
    });
    after(async () => {
      await suite?.close();
    });

    hostileTest(get, { id: 'S01', attack: 'ptrace: PTRACE_ATTACH to pid 1 and to its own child; process_vm_readv', expected: 'EPERM for each (seccomp)' }, async (s) => {
      const out = await s.probe<Outcomes>('ptrace');
      assert.deepEqual(out, { init: 'EPERM', child: 'EPERM', process_vm_readv: 'EPERM' }, JSON.stringify(out));
      return outcomes(out);
    });

    hostileTest(get, { id: 'S02', attack: 'mount a tmpfs / a new proc (syscall and /bin/mount)', expected: 'mount(2) EPERM; mount(8) exits non-zero' }, async (s) => {
      const out = await s.probe<{ syscall: string; proc_remount: string; command: { exit: number } }>('mount');
      assert.equal(out.syscall, 'EPERM', JSON.stringify(out));
      assert.equal(out.proc_remount, 'EPERM', JSON.stringify(out));
      assert.notEqual(out.command.exit, 0, JSON.stringify(out));
      return outcomes(out);
    });

    hostileTest(get, { id: 'S03', attack: 'create a user namespace: unshare(CLONE_NEWUSER), clone(CLONE_NEWUSER), unshare -U; other namespaces', expected: 'EPERM for each; unshare(1) fails' }, async (s) => {
      const out = await s.probe<{ unshare_user: string; unshare_mount: string; unshare_net: string; clone_newuser: string; command: { exit: number } }>('userns');
      assert.equal(out.unshare_user, 'EPERM', JSON.stringify(out));
      assert.equal(out.unshare_mount, 'EPERM', JSON.stringify(out));
      assert.equal(out.unshare_net, 'EPERM', JSON.stringify(out));
      assert.equal(out.clone_newuser, 'EPERM', JSON.stringify(out));
      assert.notEqual(out.command.exit, 0, JSON.stringify(out));
      return outcomes(out);
    });

    hostileTest(get, { id: 'S04', attack: 'keyctl(KEYCTL_GET_KEYRING_ID) and add_key into the kernel keyring', expected: 'EPERM (keyrings are not namespaced)' }, async (s) => {
      const out = await s.probe<Outcomes>('keyctl');
      assert.deepEqual(out, { keyctl_get_keyring: 'EPERM', add_key: 'EPERM' }, JSON.stringify(out));
      return outcomes(out);
    });

    hostileTest(get, { id: 'S05', attack: 'bpf(BPF_MAP_CREATE)', expected: 'EPERM' }, async (s) => {
      const out = await s.probe<Outcomes>('bpf');
      assert.deepEqual(out, { map_create: 'EPERM' });
      return outcomes(out);
    });

    hostileTest(get, { id: 'S06', attack: 'perf_event_open on itself (user space only, allowed by perf_event_paranoid=2)', expected: 'EPERM (seccomp)' }, async (s) => {
      const out = await s.probe<Outcomes>('perf');
      assert.deepEqual(out, { self_cpu_clock: 'EPERM' });
      return outcomes(out);
    });

    hostileTest(get, { id: 'S07', attack: 'io_uring_setup', expected: 'ENOSYS' }, async (s) => {
      const out = await s.probe<Outcomes>('io_uring');
      assert.deepEqual(out, { io_uring_setup: 'ENOSYS' });
      return outcomes(out);
    });

    hostileTest(get, { id: 'S08', attack: 'TIOCSTI keystroke injection on fds 0-2, /dev/tty and its own pty', expected: 'EPERM on every fd; no controlling tty (ENXIO/EIO)' }, async (s) => {
      const out = await s.probe<Outcomes>('tiocsti');
      const { open_dev_tty: devTty, ...ioctls } = out;
      assert.deepEqual(ioctls, { fd0: 'EPERM', fd1: 'EPERM', fd2: 'EPERM', own_pty: 'EPERM' }, JSON.stringify(out));
      // No controlling terminal: Linux says ENXIO, gVisor EIO.
      assert.ok(devTty === 'ENXIO' || devTty === 'EIO', JSON.stringify(out));
      return outcomes(out);
    });

    hostileTest(get, { id: 'S09', attack: 'raw sockets: AF_PACKET, AF_INET/AF_INET6 SOCK_RAW; netlink', expected: 'EPERM for raw sockets; AF_PACKET refused by seccomp (not an allowed family: EAFNOSUPPORT, gVisor EPERM)' }, async (s) => {
      const out = await s.probe<Outcomes>('raw_socket');
      assert.equal(out['af_packet'], FAMILY_REFUSED[backend.name], JSON.stringify(out));
      assert.equal(out['inet_raw_icmp'], 'EPERM', JSON.stringify(out));
      assert.equal(out['inet6_raw'], 'EPERM', JSON.stringify(out));
      return outcomes(out);
    });

    hostileTest(get, { id: 'S10', attack: 'change the clock: settimeofday, clock_settime(CLOCK_REALTIME)', expected: 'EPERM; the clock does not move' }, async (s) => {
      const out = await s.probe<{ settimeofday: string; clock_settime: string; clock_moved: boolean }>('clock');
      assert.deepEqual(out, { settimeofday: 'EPERM', clock_settime: 'EPERM', clock_moved: false });
      return outcomes(out);
    });

    hostileTest(get, { id: 'S11', attack: 'load a kernel module: init_module, finit_module', expected: 'EPERM' }, async (s) => {
      const out = await s.probe<Outcomes>('kernel_module');
      assert.deepEqual(out, { init_module: 'EPERM', finit_module: 'EPERM' });
      return outcomes(out);
    });

    hostileTest(get, { id: 'S12', attack: 'setuid binaries: find / -perm -4000, run su, mount, passwd, newuidmap, chfn', expected: 'no uid 0: NoNewPrivs 1, CapEff 0, nosuid /usr; every attempt fails' }, async (s) => {
      const out = await s.probe<{
        setuid_files: string[];
        runs: Record<string, { exit: number | null; stdout?: string; error?: string }>;
        no_new_privs: string | null;
        cap_eff: string | null;
        usr_nosuid: boolean;
        uid: number;
        euid: number;
      }>('setuid');
      assert.equal(out.no_new_privs, '1', JSON.stringify(out));
      assert.equal(out.cap_eff, '0000000000000000', JSON.stringify(out));
      assert.notEqual(out.euid, 0);
      assert.ok(out.setuid_files.length > 0, JSON.stringify(out));
      for (const [name, run] of Object.entries(out.runs)) {
        // A binary that could not even start (EMFILE when runsc ran out of host fds) proves nothing.
        assert.ok(run.exit !== null || run.error === 'ENOENT', `${name} did not run: ${JSON.stringify(run)}`);
        assert.notEqual(run.exit, 0, `${name} succeeded: ${JSON.stringify(run)}`);
        assert.notEqual(run.stdout, '0', `${name} printed uid 0`);
      }
      return `${out.setuid_files.length} setuid/setgid files found, none effective: ${Object.entries(out.runs).map(([k, v]) => `${k} exit ${v.exit}`).join(', ')}; NoNewPrivs ${out.no_new_privs}, CapEff ${out.cap_eff}, /usr nosuid ${out.usr_nosuid}`;
    });

    hostileTest(get, { id: 'S13', attack: 'socket() and socketpair() of every other family: AF_VSOCK (the hypervisor), AF_ALG, AF_BLUETOOTH, AF_XDP, AF_PACKET, AF_TIPC, …', expected: 'AF_UNIX, AF_INET, AF_INET6, AF_NETLINK open; every other family refused by seccomp: EAFNOSUPPORT (gVisor: EPERM, runsc ignores errnoRet)' }, async (s) => {
      const out = await s.probe<Outcomes>('socket_families');
      const allowed = ['socket_unix', 'socket_inet', 'socket_inet6', 'socket_netlink', 'socketpair_unix'];
      for (const [call, outcome] of Object.entries(out)) {
        assert.equal(outcome, allowed.includes(call) ? 'OK' : FAMILY_REFUSED[backend.name], `${call}: ${JSON.stringify(out)}`);
      }
      assert.equal(Object.keys(out).length, 17, JSON.stringify(out));
      return outcomes(out);
    });
  });
}
