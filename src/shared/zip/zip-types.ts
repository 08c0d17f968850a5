import type { ZipEntryType } from './entry-kind.js';

export interface ZipEntryInfo {
  /** Normalized relative path ('/'-separated, no trailing slash; '' for a './' root entry). */
  readonly path: string;
  /** Real inflated size in bytes (0 for directories; the target's length for symlinks). */
  readonly size: number;
  /** Permission bits as extracted: 0o755/0o644 for files, 0o755 for directories, 0o777 for symlinks. */
  readonly mode: number;
  readonly type: ZipEntryType;
  readonly linkTarget?: string;
}

export interface ZipInspection {
  /** Entries in the central directory, directories and duplicates included. */
  readonly entryCount: number;
  /** Sum of the real inflated sizes of all entries. */
  readonly unzippedSize: number;
  /** In central-directory order. */
  readonly entries: readonly ZipEntryInfo[];
}

/** Where extraction puts things; paths are normalized and already checked by the package plan. */
export interface PackageWriter {
  directory(path: string): Promise<void>;
  file(path: string, mode: number): Promise<FileWriter>;
  /** Whole small files; may run concurrently with other writeFile calls. */
  writeFile(path: string, mode: number, content: Buffer): Promise<void>;
  symlink(path: string, target: string): Promise<void>;
}

export interface FileWriter {
  write(chunk: Buffer): Promise<void>;
  /** Safe to call more than once. */
  close(): Promise<void>;
}
