/**
 * What an entry is (file, directory, symlink) and the mode it gets on disk. Unix metadata is trusted
 * only from archives whose creator says it is Unix or macOS, as Info-ZIP and Go's archive/zip do;
 * other creators store MS-DOS attributes in the low byte.
 */
import { entryError } from './zip-errors.js';

export type ZipEntryType = 'file' | 'directory' | 'symlink';

export interface EntryKind {
  readonly type: ZipEntryType;
  /** Permission bits applied on extraction; setuid, setgid and sticky bits are never kept. */
  readonly mode: number;
}

const HOST_UNIX = 3;
const HOST_MACOS = 19;
const MSDOS_DIRECTORY = 0x10;

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

export const FILE_MODE = 0o644;
export const EXECUTABLE_MODE = 0o755;
export const DIRECTORY_MODE = 0o755;
export const SYMLINK_MODE = 0o777;

export function classifyEntry(
  name: string,
  versionMadeBy: number,
  externalFileAttributes: number,
  namedAsDirectory: boolean,
): EntryKind {
  const host = versionMadeBy >>> 8;
  const unixMode = externalFileAttributes >>> 16;
  const hasUnixMode = (host === HOST_UNIX || host === HOST_MACOS) && unixMode !== 0;
  if (namedAsDirectory) return { type: 'directory', mode: DIRECTORY_MODE };
  if (!hasUnixMode) {
    return (externalFileAttributes & MSDOS_DIRECTORY) !== 0
      ? { type: 'directory', mode: DIRECTORY_MODE }
      : { type: 'file', mode: FILE_MODE };
  }
  switch (unixMode & S_IFMT) {
    case S_IFDIR:
      return { type: 'directory', mode: DIRECTORY_MODE };
    case S_IFLNK:
      return { type: 'symlink', mode: SYMLINK_MODE };
    case S_IFREG:
    case 0:
      // Lambda needs read access for everyone; only the executable bit is carried over.
      return { type: 'file', mode: (unixMode & 0o111) !== 0 ? EXECUTABLE_MODE : FILE_MODE };
    default:
      throw entryError(name, 'is a device, FIFO or socket; only files, directories and symbolic links are allowed');
  }
}
