/**
 * Decides, before any byte is written, where every entry lands and refuses layouts that could make a
 * later write go somewhere unexpected: an entry beneath a symbolic link or a file, a symbolic link
 * replaced by (or replacing) another entry, a file where a directory is needed. Because symlinks are
 * created last and nothing may live beneath one, extraction only ever walks directories it created.
 */
import { ancestorsOf } from './entry-path.js';
import type { ZipEntryType } from './entry-kind.js';
import type { CentralEntry } from './central-directory.js';
import { entryError } from './zip-errors.js';

export interface PlannedNode {
  readonly type: ZipEntryType;
  /** The CD index of the entry that owns this path; undefined for implied parent directories. */
  readonly owner?: number;
}

export interface PackagePlan {
  /** Every path in the package (implied parents included) to what ends up there. */
  readonly nodes: ReadonlyMap<string, PlannedNode>;
  /** CD indexes whose content reaches disk: later duplicates of a file win, as with `unzip -o`. */
  readonly written: ReadonlySet<number>;
}

export function planPackage(entries: readonly CentralEntry[]): PackagePlan {
  const nodes = new Map<string, PlannedNode>();
  const written = new Set<number>();
  for (const entry of entries) {
    if (entry.path === '') continue; // './' names the root, which already exists.
    for (const ancestor of ancestorsOf(entry.path)) {
      const node = nodes.get(ancestor);
      if (node === undefined) nodes.set(ancestor, { type: 'directory' });
      else if (node.type === 'symlink') throw entryError(entry.name, `is inside the symbolic link '${ancestor}'`);
      else if (node.type === 'file') throw entryError(entry.name, `conflicts with the file '${ancestor}'`);
    }
    const existing = nodes.get(entry.path);
    if (existing !== undefined) {
      if (existing.type === 'symlink' || entry.type === 'symlink') {
        throw entryError(entry.name, 'appears more than once and would replace a symbolic link');
      }
      if (existing.type !== entry.type) {
        throw entryError(entry.name, `conflicts with another entry at '${entry.path}'`);
      }
      if (existing.owner !== undefined) written.delete(existing.owner);
    }
    nodes.set(entry.path, { type: entry.type, owner: entry.index });
    written.add(entry.index);
  }
  return { nodes, written };
}
