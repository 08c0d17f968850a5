/**
 * Creating the host-wide directories lambdabox keeps under a shared, world-writable base (/dev/shm,
 * /run on some hosts, /tmp): the run root `<base>/lambdabox` and the uid state below it. A local
 * user could create such a path first, as a directory of their own or as a symlink, and then own or
 * redirect everything below it (code, sockets, uid leases, instance leases), or have a chmod land
 * on a directory of their choice. So the directory is made with mkdir, which never follows a link,
 * and one that exists already is used only when it is a real directory (opened O_NOFOLLOW, checked
 * with fstat on that same descriptor) owned by this server's user (root whenever sandboxes run)
 * and writable by nobody else; its mode is then set through the descriptor. The parent must be
 * owned by root or that user and, if others may write to it, sticky: else they could rename the
 * checked directory away and put another in its place.
 */
import { closeSync, constants, fchmodSync, fstatSync, lstatSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** The run root: sandbox uids traverse it to the paths bound into them, and list nothing. */
export const RUN_ROOT_MODE = 0o711;

export class UnsafeRunDirectoryError extends Error {
  constructor(path: string, reason: string) {
    super(`refusing to use ${path}: ${reason}; remove it (or fix its owner and mode) and start again`);
    this.name = 'UnsafeRunDirectoryError';
  }
}

const GROUP_OR_OTHER_WRITE = 0o022;
const STICKY = 0o1000;

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function serverUid(): number {
  // process.geteuid exists on every POSIX platform; lambdabox runs nowhere else.
  return process.geteuid?.() ?? 0;
}

/** Creates `path` with exactly `mode` (or checks and fixes the one there), as described above. */
export function ensureOwnDirectory(path: string, mode: number): void {
  const uid = serverUid();
  const parent = statSync(dirname(path));
  if (parent.uid !== 0 && parent.uid !== uid) {
    throw new UnsafeRunDirectoryError(path, `its parent is owned by uid ${parent.uid}`);
  }
  if ((parent.mode & GROUP_OR_OTHER_WRITE) !== 0 && (parent.mode & STICKY) === 0) {
    throw new UnsafeRunDirectoryError(path, 'its parent is writable by others and not sticky');
  }
  try {
    mkdirSync(path, { mode });
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = errorCode(error);
    // O_NOFOLLOW with O_DIRECTORY answers ENOTDIR for a symlink (even to a directory), ELOOP without.
    if (code !== 'ELOOP' && code !== 'ENOTDIR') throw error;
    const link = lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true;
    throw new UnsafeRunDirectoryError(path, link ? 'it is a symbolic link' : 'it is not a directory');
  }
  try {
    const info = fstatSync(fd);
    if (info.uid !== uid) throw new UnsafeRunDirectoryError(path, `it is owned by uid ${info.uid}, not ${uid}`);
    // Anything inside may have been planted while others could write to it: not fixable by a chmod.
    if ((info.mode & GROUP_OR_OTHER_WRITE) !== 0) {
      throw new UnsafeRunDirectoryError(path, `it is writable by others (mode ${(info.mode & 0o7777).toString(8)})`);
    }
    if ((info.mode & 0o7777) !== mode) fchmodSync(fd, mode);
  } finally {
    closeSync(fd);
  }
}

/** `<base>/lambdabox`, made or checked as above, 0711. */
export function ensureRunRoot(root: string): void {
  ensureOwnDirectory(root, RUN_ROOT_MODE);
}
