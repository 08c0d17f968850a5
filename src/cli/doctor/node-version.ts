/** lambdabox targets Node.js 20 and later (package.json "engines"). */
import { fail, ok } from './finding.js';
import type { Finding } from './finding.js';

export const MIN_NODE_MAJOR = 20;

export function checkNodeVersion(version: string): Finding {
  const major = Number.parseInt(version.replace(/^v/, '').split('.')[0] ?? '', 10);
  if (Number.isInteger(major) && major >= MIN_NODE_MAJOR) return ok(`Node.js ${version}`);
  return fail(
    `Node.js ${version} is too old: lambdabox needs Node.js ${MIN_NODE_MAJOR} or newer`,
    `install Node.js ${MIN_NODE_MAJOR} or newer (https://nodejs.org/en/download), then run \`npm install\` again`,
  );
}
