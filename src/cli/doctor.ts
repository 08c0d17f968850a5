/**
 * `lambdabox doctor`: checks this host for what lambdabox needs and prints each finding with the
 * exact fix. Only failures (what stops the server today) make it exit 1; what later features need
 * (sandbox prerequisites) is reported as warnings.
 */
import { homedir, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { checkAwsCli } from './doctor/aws-cli.js';
import { checkBubblewrap } from './doctor/bubblewrap.js';
import { checkCgroups } from './doctor/cgroups.js';
import { checkDataDir } from './doctor/data-dir.js';
import type { Identity } from './doctor/data-dir.js';
import { checkNodeVersion } from './doctor/node-version.js';
import { countFindings, formatReport } from './doctor/report.js';
import type { Section } from './doctor/report.js';
import { checkAdminCredentials, checkMasterKey } from './doctor/secret-files.js';
import { checkServerSettings } from './doctor/server-settings.js';
import { checkUserNamespaces } from './doctor/user-namespaces.js';

export interface DoctorOptions {
  readonly dataDir?: string | undefined;
}

function currentIdentity(): Identity {
  const uid = process.getuid?.() ?? -1;
  try {
    return { uid, userName: userInfo().username };
  } catch {
    // A uid without a passwd entry (some containers) still owns files; name it by number.
    return { uid, userName: String(uid) };
  }
}

export function doctorSections(options: DoctorOptions, env: NodeJS.ProcessEnv): Section[] {
  const dataDir = resolve(options.dataDir ?? env['LAMBDABOX_HOME'] ?? `${homedir()}/.lambdabox`);
  const who = currentIdentity();
  return [
    { title: 'Node.js and settings', findings: [checkNodeVersion(process.versions.node), checkServerSettings(dataDir, env)] },
    {
      title: `Data directory ${dataDir}`,
      findings: [...checkDataDir(dataDir, who), ...checkAdminCredentials(dataDir, who), ...checkMasterKey(dataDir, who, env)],
    },
    {
      title: 'Sandbox host (needed to run functions)',
      findings: [checkBubblewrap(), ...checkUserNamespaces(), ...checkCgroups()],
    },
    { title: 'Tests', findings: [checkAwsCli()] },
  ];
}

export async function runDoctor(options: DoctorOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const sections = doctorSections(options, env);
  process.stdout.write(formatReport(sections));
  return countFindings(sections).fail > 0 ? 1 : 0;
}
