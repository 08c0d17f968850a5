/**
 * bubblewrap creates unprivileged user namespaces. Kernels can turn them off in three places:
 * Debian's unprivileged_userns_clone, max_user_namespaces, and Ubuntu's AppArmor restriction.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ok, fail } from './finding.js';
import type { Finding } from './finding.js';

function readNumber(path: string): number | undefined {
  try {
    const value = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isNaN(value) ? undefined : value;
  } catch {
    return undefined;
  }
}

export function checkUserNamespaces(procRoot = '/proc'): Finding[] {
  const findings: Finding[] = [];
  const clone = readNumber(join(procRoot, 'sys/kernel/unprivileged_userns_clone'));
  if (clone === 0) {
    findings.push(
      fail(
        'unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0)',
        "sudo sysctl -w kernel.unprivileged_userns_clone=1 && echo 'kernel.unprivileged_userns_clone=1' | sudo tee /etc/sysctl.d/90-lambdabox.conf",
      ),
    );
  }
  const max = readNumber(join(procRoot, 'sys/user/max_user_namespaces'));
  if (max === undefined) {
    findings.push(fail('cannot read /proc/sys/user/max_user_namespaces: is this a Linux kernel with user namespaces?', 'run lambdabox on Linux ≥ 4.6 with CONFIG_USER_NS=y'));
  } else if (max <= 0) {
    findings.push(
      fail(
        'user namespaces are disabled (user.max_user_namespaces = 0)',
        "sudo sysctl -w user.max_user_namespaces=15000 && echo 'user.max_user_namespaces=15000' | sudo tee -a /etc/sysctl.d/90-lambdabox.conf",
      ),
    );
  }
  const apparmor = readNumber(join(procRoot, 'sys/kernel/apparmor_restrict_unprivileged_userns'));
  if (apparmor === 1) {
    findings.push(
      fail(
        'AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns = 1)',
        'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0',
      ),
    );
  }
  if (findings.length === 0) findings.push(ok(`unprivileged user namespaces allowed (max_user_namespaces = ${String(max)})`));
  return findings;
}
