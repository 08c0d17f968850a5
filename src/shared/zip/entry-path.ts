/**
 * Turns an archive entry name into a safe relative path inside the package, or rejects it. Names are
 * resolved lexically: writes never go through anything but directories we created ourselves (see
 * package-plan.ts), so the lexical result is exactly where the bytes land.
 */
import { entryError } from './zip-errors.js';

/** NAME_MAX and PATH_MAX minus the NUL on Linux; longer names could not be created anyway. */
const MAX_COMPONENT_BYTES = 255;
const MAX_PATH_BYTES = 4095;

export interface EntryPath {
  /** Normalized, '/'-separated, no leading or trailing slash; '' is the package root. */
  readonly path: string;
  /** The name ended in a separator, the zip convention for a directory entry. */
  readonly namedAsDirectory: boolean;
}

export function normalizeEntryPath(name: string): EntryPath {
  if (name.includes('\0')) throw entryError(name, 'has a name that contains a NUL character');
  // Zips made on Windows may use backslashes as separators (the spec forbids it; .NET did it anyway).
  // Treating them as separators is also what makes `..\evil` an escape rather than a funny file name.
  const slashed = name.replaceAll('\\', '/');
  if (slashed === '') throw entryError(name, 'has an empty name');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) {
    throw entryError(name, 'has an absolute path, which points outside the deployment package');
  }
  const parts: string[] = [];
  for (const segment of slashed.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) throw entryError(name, 'points outside the deployment package');
      parts.pop();
      continue;
    }
    // A UTF-16 code unit is at most 3 UTF-8 bytes, so short names skip the byte count.
    if (segment.length * 3 > MAX_COMPONENT_BYTES && Buffer.byteLength(segment) > MAX_COMPONENT_BYTES) throw entryError(name, 'has a name that is too long');
    parts.push(segment);
  }
  const path = parts.join('/');
  if (path.length * 3 > MAX_PATH_BYTES && Buffer.byteLength(path) > MAX_PATH_BYTES) throw entryError(name, 'has a name that is too long');
  const namedAsDirectory = slashed.endsWith('/');
  if (path === '' && !namedAsDirectory) throw entryError(name, 'has an empty name');
  return { path, namedAsDirectory };
}

/** Every proper ancestor of a normalized path, shallowest first: 'a/b/c' → ['a', 'a/b']. */
export function ancestorsOf(path: string): string[] {
  const result: string[] = [];
  let index = path.indexOf('/');
  while (index !== -1) {
    result.push(path.slice(0, index));
    index = path.indexOf('/', index + 1);
  }
  return result;
}

export function parentOf(path: string): string {
  const index = path.lastIndexOf('/');
  return index === -1 ? '' : path.slice(0, index);
}
