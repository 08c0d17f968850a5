"""Hostile probes of lambdabox's isolation suite (test/isolation/). Each attack tries one escape and
reports what happened as data (errno names, exception text, what it could read); the tests on the host
decide whether that is a denial. The handler refuses to run anywhere but inside a sandbox, so none of
this can ever poke at the host it was written on.

Syscall numbers are x86_64's (arch/x86/entry/syscalls/syscall_64.tbl).
"""

import ctypes
import errno
import json
import os
import signal
import socket

import struct
import subprocess
import sys
import time

LIBC = ctypes.CDLL(None, use_errno=True)
LIBC.syscall.restype = ctypes.c_long

SYS = {
    'ioctl': 16, 'clone': 56, 'ptrace': 101, 'settimeofday': 164, 'mount': 165, 'init_module': 175,
    'clock_settime': 227, 'keyctl': 250, 'unshare': 272, 'perf_event_open': 298, 'process_vm_readv': 310,
    'finit_module': 313, 'bpf': 321, 'userfaultfd': 323, 'io_uring_setup': 425, 'add_key': 248,
    'socket': 41, 'socketpair': 53,
}


# --- guard ------------------------------------------------------------------------------------------


def _numeric_proc_entries():
    return [int(n) for n in os.listdir('/proc') if n.isdigit()]


def assert_inside_sandbox():
    """Throws unless this is an unprivileged process in a fresh, nearly empty pid namespace with /var/task."""
    reasons = []
    if os.getuid() == 0 or os.geteuid() == 0:
        reasons.append('runs as uid 0')
    if not os.path.isfile('/var/task/probe.py'):
        reasons.append('no /var/task/probe.py')
    if os.environ.get('LAMBDA_TASK_ROOT') != '/var/task' or 'AWS_LAMBDA_RUNTIME_API' not in os.environ:
        reasons.append('not started by a Lambda runtime')
    if os.getpid() > 1000 or len(_numeric_proc_entries()) > 64:
        reasons.append('not in a fresh pid namespace')
    if os.path.exists('/work') or os.path.exists('/root'):
        reasons.append('the host filesystem is visible')
    if reasons:
        raise RuntimeError('refusing to run hostile probes outside a sandbox: ' + ', '.join(reasons))


# --- helpers ----------------------------------------------------------------------------------------


def errname(code):
    return errno.errorcode.get(code, str(code)) if code else 'OK'


def syscall(name, *args):
    """Raw syscall; returns ('OK', result) or (ERRNO_NAME, -1)."""
    ctypes.set_errno(0)
    argv = [a if isinstance(a, (ctypes.c_char_p, ctypes.c_void_p)) else ctypes.c_long(a) for a in args]
    r = LIBC.syscall(ctypes.c_long(SYS[name]), *argv)
    if r < 0:
        return errname(ctypes.get_errno()), r
    return 'OK', r


def os_error(fn):
    try:
        result = fn()
        return {'outcome': 'OK', 'result': result}
    except socket.gaierror as e:
        return {'outcome': 'EAI(%s)' % e.strerror, 'message': str(e)}
    except OSError as e:
        return {'outcome': errname(e.errno), 'message': str(e)}
    except Exception as e:  # noqa: BLE001 - the probe reports whatever happened
        return {'outcome': type(e).__name__, 'message': str(e)}


def flat(result):
    return result['result'] if result['outcome'] == 'OK' else result['outcome']


def read_text(path, limit=65536):
    with open(path, 'rb') as f:
        return f.read(limit).decode('utf-8', 'replace')


def buf(size):
    return ctypes.create_string_buffer(size)


def addr(b):
    return ctypes.c_void_p(ctypes.addressof(b))


def child_that_waits():
    pid = os.fork()
    if pid == 0:
        signal.pause()
        os._exit(0)
    return pid


def reap(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        os.waitpid(pid, 0)
    except OSError:
        pass


# --- kernel attack surface --------------------------------------------------------------------------

PTRACE_ATTACH, PTRACE_DETACH = 16, 17
WALL = 0x40000000


def attack_ptrace(event):
    out = {}
    for label, target in (('init', 1), ('child', None)):
        pid = child_that_waits() if target is None else target
        outcome, _ = syscall('ptrace', PTRACE_ATTACH, pid, 0, 0)
        if outcome == 'OK':
            # It worked: leave the tracee as it was before reporting.
            try:
                os.waitpid(pid, WALL)
            except OSError:
                pass
            syscall('ptrace', PTRACE_DETACH, pid, 0, 0)
        out[label] = outcome
        if target is None:
            iov_local = buf(16)
            iov_remote = buf(16)
            data = buf(8)
            struct.pack_into('QQ', iov_local, 0, ctypes.addressof(data), 8)
            struct.pack_into('QQ', iov_remote, 0, ctypes.addressof(data), 8)
            out['process_vm_readv'], _ = syscall('process_vm_readv', pid, addr(iov_local), 1, addr(iov_remote), 1, 0)
            reap(pid)
    return out


def attack_mount(event):
    os.makedirs('/tmp/mnt', exist_ok=True)
    out = {}
    out['syscall'], _ = syscall('mount', ctypes.c_char_p(b'none'), ctypes.c_char_p(b'/tmp/mnt'), ctypes.c_char_p(b'tmpfs'), 0, 0)
    out['proc_remount'], _ = syscall('mount', ctypes.c_char_p(b'proc'), ctypes.c_char_p(b'/tmp/mnt'), ctypes.c_char_p(b'proc'), 0, 0)
    cmd = subprocess.run(['/bin/mount', '-t', 'tmpfs', 'none', '/tmp/mnt'], capture_output=True, text=True, timeout=10)
    out['command'] = {'exit': cmd.returncode, 'stderr': cmd.stderr.strip()[:200]}
    return out


CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWPID = 0x10000000, 0x00020000, 0x40000000, 0x20000000


def attack_userns(event):
    out = {}
    for label, flags in (('unshare_user', CLONE_NEWUSER), ('unshare_mount', CLONE_NEWNS), ('unshare_net', CLONE_NEWNET)):
        out[label], _ = syscall('unshare', flags)
    # clone(CLONE_NEWUSER | SIGCHLD): a child that got through leaves at once.
    ctypes.set_errno(0)
    r = LIBC.syscall(ctypes.c_long(SYS['clone']), ctypes.c_long(CLONE_NEWUSER | CLONE_NEWPID | 17), ctypes.c_long(0), ctypes.c_long(0), ctypes.c_long(0), ctypes.c_long(0))
    if r == 0:
        os._exit(0)
    if r > 0:
        os.waitpid(r, 0)
        out['clone_newuser'] = 'OK'
    else:
        out['clone_newuser'] = errname(ctypes.get_errno())
    cmd = subprocess.run(['/usr/bin/unshare', '-U', '-r', '/bin/true'], capture_output=True, text=True, timeout=10)
    out['command'] = {'exit': cmd.returncode, 'stderr': cmd.stderr.strip()[:200]}
    try:
        out['max_user_namespaces'] = read_text('/proc/sys/user/max_user_namespaces').strip()
    except OSError as e:
        out['max_user_namespaces'] = errname(e.errno)
    return out


KEY_SPEC_SESSION_KEYRING, KEY_SPEC_PROCESS_KEYRING = -3, -2


def attack_keyctl(event):
    out = {}
    out['keyctl_get_keyring'], _ = syscall('keyctl', 0, KEY_SPEC_SESSION_KEYRING, 1)
    payload = b'secret'
    out['add_key'], _ = syscall('add_key', ctypes.c_char_p(b'user'), ctypes.c_char_p(b'lambdabox-probe'), ctypes.c_char_p(payload), len(payload), KEY_SPEC_PROCESS_KEYRING)
    return out


def attack_bpf(event):
    attr = buf(128)
    # BPF_MAP_CREATE of a 1-entry array map: map_type 2, key_size 4, value_size 4, max_entries 1.
    struct.pack_into('IIII', attr, 0, 2, 4, 4, 1)
    outcome, fd = syscall('bpf', 0, addr(attr), 128)
    if outcome == 'OK':
        os.close(fd)
    return {'map_create': outcome}


def attack_perf(event):
    attr = buf(128)
    # PERF_TYPE_SOFTWARE / PERF_COUNT_SW_CPU_CLOCK on itself, user space only: what paranoid=2 still allows.
    struct.pack_into('IIQ', attr, 0, 1, 64, 0)
    struct.pack_into('Q', attr, 40, (1 << 0) | (1 << 5) | (1 << 6))
    outcome, fd = syscall('perf_event_open', addr(attr), 0, -1, -1, 0)
    if outcome == 'OK':
        os.close(fd)
    return {'self_cpu_clock': outcome}


def attack_io_uring(event):
    params = buf(120)
    outcome, fd = syscall('io_uring_setup', 1, addr(params))
    if outcome == 'OK':
        os.close(fd)
    return {'io_uring_setup': outcome}


TIOCSTI = 0x5412


def attack_tiocsti(event):
    out = {}
    ch = ctypes.c_char(b'x')
    for fd in (0, 1, 2):
        out['fd%d' % fd], _ = syscall('ioctl', fd, TIOCSTI, ctypes.c_void_p(ctypes.addressof(ch)))
    out['open_dev_tty'] = os_error(lambda: os.close(os.open('/dev/tty', os.O_RDWR)))['outcome']
    # A pseudo-terminal of its own is the one tty it can reach: injection must be refused there too.
    try:
        master, slave = os.openpty()
        out['own_pty'], _ = syscall('ioctl', slave, TIOCSTI, ctypes.c_void_p(ctypes.addressof(ch)))
        os.close(master)
        os.close(slave)
    except OSError as e:
        out['own_pty'] = 'openpty:' + errname(e.errno)
    return out


def attack_raw_socket(event):
    out = {}
    for label, args in (('af_packet', (17, socket.SOCK_RAW, 0x0300)), ('inet_raw_icmp', (socket.AF_INET, socket.SOCK_RAW, 1)),
                        ('inet6_raw', (socket.AF_INET6, socket.SOCK_RAW, 58)), ('netlink_route', (16, socket.SOCK_RAW, 0))):
        def make(a=args):
            s = socket.socket(*a)
            s.close()
            return 'opened'
        out[label] = os_error(make)['outcome']
    return out


# Families by number (linux/socket.h) and the socket type each is tried with.
SOCKET_FAMILIES = {
    'unix': (1, socket.SOCK_STREAM), 'inet': (2, socket.SOCK_STREAM), 'inet6': (10, socket.SOCK_STREAM),
    'netlink': (16, socket.SOCK_RAW), 'unspec': (0, socket.SOCK_STREAM), 'ax25': (3, socket.SOCK_SEQPACKET),
    'packet': (17, socket.SOCK_RAW), 'rds': (21, socket.SOCK_SEQPACKET), 'tipc': (30, socket.SOCK_RDM),
    'bluetooth': (31, socket.SOCK_RAW), 'alg': (38, socket.SOCK_SEQPACKET), 'vsock': (40, socket.SOCK_STREAM),
    'xdp': (44, socket.SOCK_RAW), 'mctp': (45, socket.SOCK_DGRAM), 'past_af_max': (200, socket.SOCK_STREAM),
}


def attack_socket_families(event):
    """socket(2) and socketpair(2) for each family by raw syscall, so neither Python nor libc vets the family."""
    out = {}
    for label, (family, kind) in SOCKET_FAMILIES.items():
        outcome, fd = syscall('socket', family, kind, 0)
        if outcome == 'OK':
            os.close(fd)
        out['socket_' + label] = outcome
    for label in ('unix', 'vsock'):
        pair = (ctypes.c_int * 2)()
        outcome, _ = syscall('socketpair', SOCKET_FAMILIES[label][0], socket.SOCK_STREAM, 0, ctypes.c_void_p(ctypes.addressof(pair)))
        if outcome == 'OK':
            os.close(pair[0])
            os.close(pair[1])
        out['socketpair_' + label] = outcome
    return out


def attack_clock(event):
    now = time.time()
    tv = buf(16)
    struct.pack_into('qq', tv, 0, int(now) + 3600, 0)
    out = {}
    out['settimeofday'], _ = syscall('settimeofday', addr(tv), 0)
    out['clock_settime'], _ = syscall('clock_settime', 0, addr(tv))
    out['clock_moved'] = abs(time.time() - now) > 60
    return out


def attack_kernel_module(event):
    image = buf(64)
    out = {}
    out['init_module'], _ = syscall('init_module', addr(image), 64, ctypes.c_char_p(b''))
    fd = os.open('/dev/null', os.O_RDONLY)
    out['finit_module'], _ = syscall('finit_module', fd, ctypes.c_char_p(b''), 0)
    os.close(fd)
    return out


def attack_setuid(event):
    # Where distributions put setuid helpers; a walk of all of /usr takes seconds under a 1-vCPU quota.
    listing = subprocess.run(['/usr/bin/find', '/usr/bin', '/usr/sbin', '/usr/libexec', '/usr/lib', '/opt', '/var/task',
                              '-maxdepth', '2', '-xdev', '-type', 'f', '-perm', '/6000'],
                             capture_output=True, text=True, timeout=60)
    found = [line for line in listing.stdout.splitlines() if line]
    runs = {}
    # Each would need real root to do anything; with no_new_privs and nosuid mounts they run as the sandbox user.
    attempts = {
        'su': ['/usr/bin/su', '-c', 'id -u'],
        'mount': ['/usr/bin/mount', '-t', 'tmpfs', 'none', '/tmp'],
        'umount': ['/usr/bin/umount', '/proc'],
        'passwd': ['/usr/bin/passwd', '-d', 'root'],
        'gpasswd': ['/usr/bin/gpasswd', '-a', 'nobody', 'root'],
        'chfn': ['/usr/bin/chfn', '-f', 'x', 'root'],
    }
    for label, argv in attempts.items():
        try:
            r = subprocess.run(argv, capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL)
            runs[label] = {'exit': r.returncode, 'stdout': r.stdout.strip()[:120], 'stderr': r.stderr.strip()[:160]}
        except OSError as e:
            runs[label] = {'exit': None, 'error': errname(e.errno)}
        except subprocess.TimeoutExpired:
            runs[label] = {'exit': None, 'error': 'timeout'}
    status = read_text('/proc/self/status')
    # PR_GET_NO_NEW_PRIVS (39): every kernel answers it, gVisor's /proc/self/status has no NoNewPrivs line.
    nnp = [str(LIBC.prctl(39, 0, 0, 0, 0))]
    cap_eff = [line.split(':')[1].strip() for line in status.splitlines() if line.startswith('CapEff:')]
    nosuid_usr = any(' /usr ' in line and 'nosuid' in line for line in read_text('/proc/self/mountinfo').splitlines())
    return {'setuid_files': found, 'runs': runs, 'no_new_privs': nnp[0] if nnp else None,
            'cap_eff': cap_eff[0] if cap_eff else None, 'usr_nosuid': nosuid_usr, 'uid': os.getuid(), 'euid': os.geteuid()}


# --- processes and /proc ----------------------------------------------------------------------------


def _cmdline(pid):
    try:
        return read_text('/proc/%d/cmdline' % pid).replace('\0', ' ').strip()
    except OSError as e:
        return '<' + errname(e.errno) + '>'


def attack_processes(event):
    me = os.getpid()
    listed = {str(pid): _cmdline(pid) for pid in sorted(_numeric_proc_entries())}
    signalable = []
    for pid in range(1, int(event.get('maxPid', 32768)) + 1):
        try:
            os.kill(pid, 0)
            signalable.append(pid)
        except ProcessLookupError:
            pass
        except PermissionError:
            signalable.append(pid)
    # kill() takes thread ids too; a thread of its own process would take the probe down with it.
    def tgid(pid):
        try:
            return int([l for l in read_text('/proc/%d/status' % pid).splitlines() if l.startswith('Tgid:')][0].split()[1])
        except (OSError, IndexError, ValueError):
            return pid
    processes = sorted({tgid(pid) for pid in signalable})
    killed = {}
    if not event.get('kill', True):
        return {'me': me, 'proc_listing': listed, 'signalable': processes}
    for pid in processes:
        if pid == me:
            continue
        killed[str(pid)] = os_error(lambda p=pid: os.kill(p, signal.SIGKILL))['outcome']
    # kill(-1) reaches every process the caller may signal except itself and its namespace's init.
    broadcast = os_error(lambda: os.kill(-1, signal.SIGKILL))['outcome']
    return {'me': me, 'proc_listing': listed, 'signalable': processes, 'kill9': killed, 'kill_minus_1': broadcast}


def attack_proc_secrets(event):
    dump = {}
    for pid in sorted(_numeric_proc_entries()):
        for part in ('environ', 'cmdline'):
            try:
                dump['/proc/%d/%s' % (pid, part)] = read_text('/proc/%d/%s' % (pid, part), 1 << 20).replace('\0', '\n')
            except OSError as e:
                dump['/proc/%d/%s' % (pid, part)] = '<' + errname(e.errno) + '>'
    for path in ('/proc/1/mountinfo', '/proc/self/mountinfo', '/proc/1/status'):
        dump[path] = os_error(lambda p=path: read_text(p))
    fds = {}
    for fd in os.listdir('/proc/self/fd'):
        try:
            fds[fd] = os.readlink('/proc/self/fd/' + fd)
        except OSError as e:
            fds[fd] = '<' + errname(e.errno) + '>'
    return {'dump': dump, 'fds': fds, 'own_env': dict(os.environ)}


def attack_read_paths(event):
    out = {}
    for path in event['paths']:
        def read(p=path):
            if os.path.isdir(p):
                return {'dir': sorted(os.listdir(p))[:50]}
            return {'bytes': read_text(p, 4096)}
        out[path] = os_error(read)
    return out


def attack_other_tmp(event):
    out = {'own_tmp': sorted(os.listdir('/tmp'))}
    found = {}
    # Everything this sandbox could name that might be another environment's /tmp.
    candidates = ['/tmp/' + event['markerFile']] + [p + '/' + event['markerFile'] for p in event.get('hostTmpDirs', [])]
    for pid in _numeric_proc_entries():
        candidates.append('/proc/%d/root/tmp/%s' % (pid, event['markerFile']))
    for path in candidates:
        found[path] = os_error(lambda p=path: read_text(p))['outcome']
    out['attempts'] = found
    return out


def attack_write_paths(event):
    out = {}
    for path in event['paths']:
        def write(p=path):
            with open(p, 'w') as f:
                f.write('owned')
            return 'written'
        out[path] = os_error(write)['outcome']
    out['chmod_task'] = os_error(lambda: os.chmod('/var/task/probe.py', 0o777))['outcome']
    out['mkdir_root'] = os_error(lambda: os.mkdir('/evil'))['outcome']
    return out


# --- network ----------------------------------------------------------------------------------------


def _connect(host, port, family=socket.AF_INET):
    """'answered' when an HTTP request over the connection got bytes back: a TCP accept alone may be a local relay."""
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(3)
    try:
        s.connect((host, port))
        try:
            s.sendall(b'GET / HTTP/1.0\r\nHost: probe\r\n\r\n')
            data = s.recv(200)
        except OSError as e:
            return 'connected, then ' + errname(e.errno)
        return 'answered: ' + data[:60].decode('utf-8', 'replace') if data else 'connected, closed without answer'
    finally:
        s.close()


def _via_proxy(host, port):
    proxy = os.environ.get('HTTPS_PROXY') or os.environ.get('https_proxy') or os.environ.get('HTTP_PROXY')
    if not proxy:
        return 'no proxy configured'
    phost, _, pport = proxy.split('://')[-1].rstrip('/').rpartition(':')
    s = socket.create_connection((phost, int(pport)), timeout=5)
    try:
        s.sendall(('CONNECT %s:%d HTTP/1.1\r\nHost: %s:%d\r\n\r\n' % (host, port, host, port)).encode())
        status = s.recv(200).split(b'\r\n', 1)[0].decode('utf-8', 'replace')
        if ' 200' not in status:
            return 'proxy refused: ' + status
        s.sendall(b'GET / HTTP/1.0\r\nHost: probe\r\n\r\n')
        data = s.recv(200)
        return 'answered: ' + data[:60].decode('utf-8', 'replace') if data else 'tunnel closed without answer'
    finally:
        s.close()


def attack_connect(event):
    out = {}
    for target in event['targets']:
        host, port = target['host'], int(target['port'])
        family = socket.AF_INET6 if ':' in host else socket.AF_INET
        out['%s:%d' % (host, port)] = flat(os_error(lambda h=host, p=port, f=family: _connect(h, p, f)))
    for target in event.get('viaProxy', []):
        host, port = target['host'], int(target['port'])
        out['proxy:%s:%d' % (host, port)] = flat(os_error(lambda h=host, p=port: _via_proxy(h, p)))
    for name in event.get('names', []):
        out['dns:' + name] = flat(os_error(lambda n=name: 'resolved ' + socket.getaddrinfo(n, 443)[0][4][0]))
    for path in event.get('unixSockets', []):
        def unix(p=path):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(p)
                return 'connected'
            finally:
                s.close()
        out['unix:' + path] = flat(os_error(unix))
    try:
        out['interfaces'] = sorted(name for _, name in socket.if_nameindex())
    except OSError as e:
        out['interfaces'] = errname(e.errno)
    return out


def _runtime_api_post(path, body):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(os.environ['_LAMBDABOX_RUNTIME_API_SOCKET'])
    try:
        head = 'POST %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n' % (path, len(body))
        s.sendall(head.encode() + body)
        data = b''
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        status_line = data.split(b'\r\n', 1)[0].decode()
        return {'status': int(status_line.split(' ')[1]), 'body': data.split(b'\r\n\r\n', 1)[-1].decode('utf-8', 'replace')[:300]}
    finally:
        s.close()


def attack_foreign_request(event, context):
    out = {'own_request_id': context.aws_request_id}
    for request_id in event['requestIds']:
        for action in ('response', 'error'):
            path = '/2018-06-01/runtime/invocation/%s/%s' % (request_id, action)
            out['%s/%s' % (request_id, action)] = os_error(lambda p=path: _runtime_api_post(p, b'{"hijacked":true}'))
    return out


# --- resources --------------------------------------------------------------------------------------


def attack_fork_bomb(event):
    children = []
    failure = None
    deadline = time.time() + float(event.get('seconds', 5))
    while time.time() < deadline:
        try:
            pid = os.fork()
        except OSError as e:
            failure = errname(e.errno)
            break
        if pid == 0:
            signal.pause()
            os._exit(0)
        children.append(pid)
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for pid in children:
        try:
            os.waitpid(pid, 0)
        except OSError:
            pass
    return {'forked': len(children), 'failure': failure}


def attack_memory_bomb(event):
    hoard = []
    while True:
        hoard.append(bytearray(16 * 1024 * 1024))
        # Touch every page so the memory is really committed.
        for i in range(0, len(hoard[-1]), 4096):
            hoard[-1][i] = 1


def attack_fill_tmp(event):
    written = 0
    chunk = b'\0' * (1 << 20)
    failure = None
    try:
        with open('/tmp/fill', 'wb') as f:
            while written < (event['limitMiB'] + 64) << 20:
                f.write(chunk)
                f.flush()
                written += len(chunk)
    except OSError as e:
        failure = errname(e.errno)
    st = os.statvfs('/tmp')
    os.unlink('/tmp/fill')
    return {'writtenMiB': written >> 20, 'failure': failure, 'tmpSizeMiB': (st.f_blocks * st.f_frsize) >> 20}


def attack_fd_exhaust(event):
    import resource
    fds = []
    failure = None
    try:
        while len(fds) < 100000:
            fds.append(os.open('/dev/null', os.O_RDONLY))
    except OSError as e:
        failure = errname(e.errno)
    opened = len(fds)
    for fd in fds:
        os.close(fd)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    raise_hard = os_error(lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (hard * 4, hard * 4)))['outcome']
    core = resource.getrlimit(resource.RLIMIT_CORE)
    return {'opened': opened, 'failure': failure, 'soft': soft, 'hard': hard, 'raise_hard': raise_hard, 'core': list(core)}


def attack_connection_flood(event):
    # Forked children each fill their own 1,024 descriptors with connections to one of the
    # environment's host-side sockets: every one of them is a descriptor of the lambdabox server.
    import socket as socketlib
    path = event['path']
    per_child = int(event.get('perChild', 900))
    children = []
    for _ in range(int(event.get('children', 4))):
        pid = os.fork()
        if pid == 0:
            held = []
            try:
                for _ in range(per_child):
                    s = socketlib.socket(socketlib.AF_UNIX, socketlib.SOCK_STREAM)
                    try:
                        s.connect(path)
                        held.append(s)
                    except OSError:
                        s.close()
                time.sleep(float(event.get('holdSeconds', 2)))
            finally:
                os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    return {'children': len(children)}


def attack_spin(event):
    with open('/tmp/spin-marker', 'w') as f:
        f.write('spun')
    while True:
        pass


def attack_tmp_marker(event):
    return {'spin_marker': os.path.exists('/tmp/spin-marker')}


def attack_flood_stdout(event):
    line = 'flood ' + 'x' * 1018 + '\n'
    total = 0
    for _ in range(int(event.get('lines', 50000))):
        sys.stdout.write(line)
        total += len(line)
    sys.stdout.flush()
    return {'bytes': total}


def attack_big_response(event):
    return 'x' * int(event['bytes'])


def attack_never_return(event):
    import threading
    threading.Event().wait()


def attack_identify(event):
    try:
        version = read_text('/proc/version').strip()
    except OSError as e:
        version = '<' + errname(e.errno) + '>'
    return {'release': os.uname().release, 'version': version, 'uid': os.getuid(), 'pid': os.getpid()}


ATTACKS = {name[len('attack_'):]: fn for name, fn in globals().items() if name.startswith('attack_')}


def handler(event, context):
    assert_inside_sandbox()
    attack = ATTACKS.get(event.get('attack'))
    if attack is None:
        raise ValueError('unknown attack %r' % event.get('attack'))
    if attack is attack_foreign_request:
        return attack(event, context)
    return attack(event)
