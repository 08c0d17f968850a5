/** The test suite drives lambdabox with Debian's AWS CLI v2 at /usr/bin/aws (not whatever `aws` is on PATH). */
import { accessSync, constants } from 'node:fs';
import { ok, warn } from './finding.js';
import type { Finding } from './finding.js';

export function checkAwsCli(path = '/usr/bin/aws'): Finding {
  try {
    accessSync(path, constants.X_OK);
    return ok(`AWS CLI at ${path}`);
  } catch {
    return warn(`${path} is missing: \`npm test\` uses it (npm test installs it itself when run as root on Debian)`, 'sudo apt-get install -y awscli');
  }
}
