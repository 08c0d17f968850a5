/** Execution environments run in bubblewrap sandboxes (a later issue); today a missing bwrap is a warning. */
import { spawnSync } from 'node:child_process';
import { ok, warn } from './finding.js';
import type { Finding } from './finding.js';

export function checkBubblewrap(command = 'bwrap'): Finding {
  const result = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 5000, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' } });
  if (result.error === undefined && result.status === 0) {
    return ok(`bubblewrap: ${result.stdout.trim() || command}`);
  }
  const why = result.error !== undefined ? 'is not installed' : `\`${command} --version\` failed (exit ${String(result.status)})`;
  return warn(`bubblewrap ${why}: function sandboxes will need it`, 'sudo apt-get install -y bubblewrap');
}
