/**
 * How one sandbox's bwrap is invoked. Its argv is only `--args 3 -- <command>`: every option (the
 * mounts with their host paths, the ids, the --setenv triples) travels NUL-separated through fd 3,
 * because bwrap stays pid 1 of the sandbox and its argv is readable there as /proc/1/cmdline. bwrap
 * closes fd 3 once read, so nothing of it reaches the sandbox. Order matters to bwrap, which applies
 * options as it reads them: `--clearenv` must precede the `--setenv` triples, `--size`/`--perms` apply
 * to the next `--tmpfs` only, and the `--remount-ro` lines come after everything mounted below them.
 */
import type { SandboxSpec } from './sandbox-spec.js';

/** Lambda's sandbox user (sbx_user1051) is uid 993, gid 990; only the host side differs. */
export const SANDBOX_UID = 993;
export const SANDBOX_GID = 990;

/** The child's fd that carries bwrap's options (`--args`). */
export const ARGS_FD = 3;
/** The child's fd that carries the compiled seccomp program (bwrap reads it to EOF, then closes it). */
export const SECCOMP_FD = 4;

export interface BwrapOptions {
  readonly sandboxUid?: number;
  readonly sandboxGid?: number;
  /** A child fd holding a compiled seccomp BPF program (seccomp/deny-list.ts), normally SECCOMP_FD. */
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

/** bwrap's argv after its own path, and what it reads from ARGS_FD. */
export interface BwrapInvocation {
  readonly argv: readonly string[];
  readonly argsData: Buffer;
}

export function buildBwrapInvocation(spec: SandboxSpec, options: BwrapOptions = {}): BwrapInvocation {
  return {
    argv: ['--args', String(ARGS_FD), '--', ...spec.command],
    argsData: encodeArgs(buildBwrapOptions(spec, options)),
  };
}

/** Every option, in the order bwrap must apply them; the command is not among them. */
export function buildBwrapOptions(spec: SandboxSpec, options: BwrapOptions = {}): string[] {
  const args: string[] = ['--clearenv'];
  for (const [name, value] of Object.entries(spec.env)) args.push('--setenv', name, value);
  args.push(
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
  );
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
  return args;
}

/**
 * NUL-terminated, as bwrap's --args expects. validateSandboxSpec refuses a NUL in any path, variable
 * or command, so no value can split into extra options.
 */
export function encodeArgs(args: readonly string[]): Buffer {
  return Buffer.from(args.map((arg) => `${arg}\0`).join(''), 'utf8');
}
