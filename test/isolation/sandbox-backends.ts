/**
 * The sandbox backends the hostile suite runs against: bubblewrap always; gVisor (runsc) when the
 * platform has a gVisor backend (selected per function by the `lambdabox:sandbox` tag) and the host
 * has runsc. LAMBDABOX_ISOLATION_BACKENDS=bwrap,gvisor narrows or forces the list.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';

export interface SandboxBackend {
  readonly name: 'bwrap' | 'gvisor';
  /** Tags that select the backend at CreateFunction. */
  readonly tags: Readonly<Record<string, string>>;
}

export const BWRAP: SandboxBackend = { name: 'bwrap', tags: {} };
export const GVISOR: SandboxBackend = { name: 'gvisor', tags: { 'lambdabox:sandbox': 'gvisor' } };

function platformHasGvisor(): boolean {
  const dir = join(repoRoot(), 'src', 'sandbox', 'launch');
  try {
    return readdirSync(dir).some((file) => /gvisor|runsc/i.test(file));
  } catch {
    return false;
  }
}

function hostHasRunsc(): boolean {
  return ['/usr/bin/runsc', '/usr/sbin/runsc', '/usr/local/bin/runsc'].some((p) => existsSync(p));
}

export function sandboxBackends(): SandboxBackend[] {
  const forced = process.env['LAMBDABOX_ISOLATION_BACKENDS'];
  if (forced !== undefined && forced !== '') {
    const names = forced.split(',').map((s) => s.trim());
    return [BWRAP, GVISOR].filter((b) => names.includes(b.name));
  }
  return platformHasGvisor() && hostHasRunsc() ? [BWRAP, GVISOR] : [BWRAP];
}
