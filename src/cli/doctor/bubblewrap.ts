/** Execution environments run in bubblewrap sandboxes: without bwrap no function can run. */
import { spawnSync } from 'node:child_process';
import { ok, fail } from './finding.js';
import type { Finding } from './finding.js';

export function checkBubblewrap(command = 'bwrap'): Finding {
  const result = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 5000, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' } });
  if (result.error === undefined && result.status === 0) {
    return ok(`bubblewrap: ${result.stdout.trim() || command}`);
  }
  const why = result.error !== undefined ? 'is not installed' : `\`${command} --version\` failed (exit ${String(result.status)})`;
  return fail(`bubblewrap ${why}: functions cannot run without it`, 'sudo apt-get install -y bubblewrap');
}
