/**
 * bwrap's argv for one sandbox, and the NUL-separated `--setenv` list it reads from fd 3. Order
 * matters to bwrap: `--clearenv` must precede `--args` (applied in order, a later `--clearenv` would
 * wipe the injected variables), `--size`/`--perms` apply to the next `--tmpfs` only, and the
 * `--remount-ro` lines come after everything mounted below them.
 */
import type { SandboxSpec } from './sandbox-spec.js';

/** Lambda's sandbox user (sbx_user1051) is uid 993, gid 990; only the host side differs. */
export const SANDBOX_UID = 993;
export const SANDBOX_GID = 990;

/** The child's fd that carries the --setenv list. */
export const ENV_ARGS_FD = 3;
/** The child's fd that carries the compiled seccomp program (bwrap reads it to EOF, then closes it). */
export const SECCOMP_FD = 4;

export interface BwrapOptions {
  readonly sandboxUid?: number;
  readonly sandboxGid?: number;
  /** A child fd holding a compiled seccomp BPF program (security.md §1.7), normally SECCOMP_FD. */
  readonly seccompFd?: number;
}

/**
 * The read-only userland every sandbox gets, found minimal by running /usr/bin/node and
 * /usr/bin/python3 (TLS included) inside: /usr, the CA certificates and OpenSSL's config (Debian's
 * /usr/lib/ssl links there), and /etc/alternatives for the /usr/bin links that go through it.
 * Optional paths use --ro-bind-try so a host without them still launches.
 */
const USERLAND: readonly string[] = [
  '--ro-bind', '/usr', '/usr',
  '--symlink', 'usr/bin', '/bin',
  '--symlink', 'usr/sbin', '/sbin',
  '--symlink', 'usr/lib', '/lib',
  '--symlink', 'usr/lib64', '/lib64',
  '--ro-bind-try', '/etc/ssl/certs', '/etc/ssl/certs',
  '--ro-bind-try', '/etc/ssl/openssl.cnf', '/etc/ssl/openssl.cnf',
  '--ro-bind-try', '/etc/alternatives', '/etc/alternatives',
];

const MIB = 1024 * 1024;

export function buildBwrapArgs(spec: SandboxSpec, options: BwrapOptions = {}): string[] {
  const args: string[] = [
    '--clearenv',
    '--args', String(ENV_ARGS_FD),
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--cap-drop', 'ALL',
    '--uid', String(options.sandboxUid ?? SANDBOX_UID),
    '--gid', String(options.sandboxGid ?? SANDBOX_GID),
    '--hostname', 'localhost',
    ...USERLAND,
  ];
  for (const mount of spec.mounts) args.push(`--${mount.kind}`, mount.source, mount.dest);
  args.push(
    '--proc', '/proc',
    '--dev', '/dev',
    '--perms', '1777',
    '--size', String(spec.tmpSizeMiB * MIB),
    '--tmpfs', '/tmp',
    // Without it / (a tmpfs owned by the sandbox user, unsized) is writable.
    '--remount-ro', '/',
    // /dev is a writable tmpfs too; Lambda has no usable /dev/shm, and /tmp is the only scratch space.
    '--remount-ro', '/dev',
    '--chdir', spec.cwd,
  );
  if (options.seccompFd !== undefined) args.push('--seccomp', String(options.seccompFd));
  args.push('--', ...spec.command);
  return args;
}

/** `--setenv NAME VALUE` triples, NUL-terminated, as bwrap's --args expects. */
export function encodeEnvArgs(env: Readonly<Record<string, string>>): Buffer {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(env)) parts.push('--setenv', name, value);
  return Buffer.from(parts.map((part) => `${part}\0`).join(''), 'utf8');
}
