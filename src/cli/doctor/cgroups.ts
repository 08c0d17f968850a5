/**
 * Sandboxes get memory, pids and CPU limits and are frozen through cgroup v1 controllers, which the
 * server (as root) writes under /sys/fs/cgroup/<controller>.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ok, fail } from './finding.js';
import type { Finding } from './finding.js';

export const CGROUP_CONTROLLERS = ['memory', 'pids', 'cpu', 'cpuacct', 'freezer'] as const;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function checkCgroups(root = '/sys/fs/cgroup', isRoot = process.getuid?.() === 0): Finding[] {
  if (existsSync(join(root, 'cgroup.controllers'))) {
    return [
      fail(
        `${root} is a cgroup v2 (unified) hierarchy; lambdabox's sandbox limits use the cgroup v1 controllers ${CGROUP_CONTROLLERS.join(', ')}`,
        'boot with systemd.unified_cgroup_hierarchy=0 (kernel command line) to mount cgroup v1',
      ),
    ];
  }
  const findings: Finding[] = [];
  const missing = CGROUP_CONTROLLERS.filter((c) => !isDirectory(join(root, c)));
  for (const c of missing) {
    const dir = join(root, c);
    findings.push(fail(`cgroup v1 controller ${c} is not mounted at ${dir}`, `sudo mkdir -p ${dir} && sudo mount -t cgroup -o ${c} cgroup ${dir}`));
  }
  const present = CGROUP_CONTROLLERS.filter((c) => !missing.includes(c));
  if (!isRoot) {
    if (present.length > 0) {
      findings.push(
        fail(
          `not running as root: the sandbox manager creates cgroups under ${root}/{${present.join(',')}} and needs root for that`,
          'run `lambdabox server` (and this check) as root',
        ),
      );
    }
  } else {
    for (const c of present.filter((c) => !writable(join(root, c)))) {
      const dir = join(root, c);
      findings.push(fail(`${dir} is not writable (read-only cgroup mount, e.g. in a container)`, `sudo mount -o remount,rw ${dir} (or run the container with --privileged / a writable cgroup mount)`));
    }
  }
  if (findings.length === 0) findings.push(ok(`cgroup v1 controllers ${CGROUP_CONTROLLERS.join(', ')} mounted and writable`));
  return findings;
}
