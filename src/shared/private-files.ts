/**
 * SQLite files readable by the server's user only (0600), whatever the umask: the store holds sealed secrets
 * next to plain metadata, and its -wal and -shm files hold the same pages. SQLite creates -wal and -shm with
 * the database file's own mode, so the database file is created 0600 before SQLite opens it, and files an
 * older version left with a wider mode are narrowed first.
 */
import { chmodSync, closeSync, constants, lstatSync, openSync } from 'node:fs';
import { HostError } from './errors/lambdabox-error.js';

export const PRIVATE_FILE_MODE = 0o600;

const SIDE_FILES = ['-wal', '-shm', '-journal'];

/** Call before opening `path` with SQLite (read-write). */
export function preparePrivateDatabase(path: string): void {
  // O_NOFOLLOW: a symlink planted at the path is refused rather than followed and chmod-ed.
  closeSync(openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, PRIVATE_FILE_MODE));
  narrowDatabaseFiles(path);
}

/** Call after SQLite opened the database in WAL mode: -wal and -shm exist by then. */
export function narrowDatabaseFiles(path: string): void {
  for (const file of [path, ...SIDE_FILES.map((s) => path + s)]) narrow(file);
}

function narrow(file: string): void {
  let mode: number;
  try {
    const st = lstatSync(file);
    if (!st.isFile()) throw new HostError(`${file} is not a regular file`);
    mode = st.mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (mode !== PRIVATE_FILE_MODE) chmodSync(file, PRIVATE_FILE_MODE);
}
