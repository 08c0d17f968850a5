/**
 * Proves each symbolic link resolves inside the package. Resolution follows the other links of the
 * package, as the kernel would: `a -> x/l/..` with `x/l -> ..` leaves the root even though the target
 * text looks harmless, so a purely textual check is not enough.
 */
import { parentOf } from './entry-path.js';
import type { PlannedNode } from './package-plan.js';
import { symlinkError } from './zip-errors.js';

/** Linux gives up (ELOOP) after 40 links in one lookup. */
const MAX_LINK_HOPS = 40;

/** Throws unless the raw target is acceptable on its own (relative, no NUL, not empty). */
export function assertSymlinkTarget(name: string, target: string): void {
  if (target === '') throw symlinkError(name, 'has an empty target');
  if (target.includes('\0')) throw symlinkError(name, 'has a target that contains a NUL character');
  if (target.startsWith('/')) throw symlinkError(name, 'has an absolute target, which points outside the deployment package');
}

/**
 * @param targets normalized link path to raw target, for every symlink in the package
 * @param names normalized link path to the entry name shown in errors
 */
export function assertSymlinksInside(
  nodes: ReadonlyMap<string, PlannedNode>,
  targets: ReadonlyMap<string, string>,
  names: ReadonlyMap<string, string>,
): void {
  for (const [path, target] of targets) {
    const name = names.get(path) ?? path;
    const outcome = resolve(parentOf(path), target, nodes, targets);
    if (outcome === 'escapes') throw symlinkError(name, 'points outside the deployment package');
    if (outcome === 'loops') throw symlinkError(name, 'cannot be resolved: too many levels of symbolic links');
  }
}

function resolve(
  startDir: string,
  target: string,
  nodes: ReadonlyMap<string, PlannedNode>,
  targets: ReadonlyMap<string, string>,
): 'inside' | 'escapes' | 'loops' {
  const resolved = startDir === '' ? [] : startDir.split('/');
  // Components still to walk, last one first, so following a link is a cheap push.
  const pending = target.split('/').reverse();
  let hops = 0;
  for (let part = pending.pop(); part !== undefined; part = pending.pop()) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (resolved.length === 0) return 'escapes';
      resolved.pop();
      continue;
    }
    resolved.push(part);
    const here = resolved.join('/');
    const link = nodes.get(here)?.type === 'symlink' ? targets.get(here) : undefined;
    if (link === undefined) continue;
    hops += 1;
    if (hops > MAX_LINK_HOPS) return 'loops';
    if (link.startsWith('/')) return 'escapes';
    resolved.pop();
    for (const next of link.split('/').reverse()) pending.push(next);
  }
  return 'inside';
}
