/**
 * Zips whose entries carry unix modes, as `zip` writes them on Linux: what a custom runtime's
 * executable `bootstrap` needs (zips.ts's zipOf writes no modes, so every file extracts as 0644).
 */
import { strToU8, zipSync } from 'fflate';

export interface UnixFile {
  readonly content: string | Uint8Array;
  /** Permission bits, e.g. 0o755. */
  readonly mode: number;
}

const REGULAR_FILE = 0o100000;

/** Deterministic like zipOf: a fixed mtime. A plain string or byte array is a 0644 file. */
export function unixZipOf(files: Readonly<Record<string, string | Uint8Array | UnixFile>>): Buffer {
  const entries: Parameters<typeof zipSync>[0] = {};
  for (const [name, file] of Object.entries(files)) {
    const { content, mode } = typeof file === 'string' || file instanceof Uint8Array ? { content: file, mode: 0o644 } : file;
    const bytes = typeof content === 'string' ? strToU8(content) : content;
    // os 3 = unix: the high 16 bits of the external attributes are st_mode.
    entries[name] = [bytes, { os: 3, attrs: (REGULAR_FILE | mode) << 16 }];
  }
  return Buffer.from(zipSync(entries, { mtime: new Date('2024-01-01T00:00:00Z') }));
}
