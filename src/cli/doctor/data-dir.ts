/**
 * The data directory holds the store, the encrypted blobs, the key-encryption key and the admin
 * credentials: it must belong to the user running lambdabox and be closed to everyone else.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname } from 'node:path';
import { fail, ok, warn } from './finding.js';
import type { Finding } from './finding.js';
import { shellQuote } from './shell-quote.js';

export interface Identity {
  readonly uid: number;
  readonly userName: string;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  return current;
}

function canCreateIn(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export function checkDataDir(dir: string, who: Identity): Finding[] {
  const q = shellQuote(dir);
  const stats = statOrUndefined(dir);
  if (stats === undefined) {
    const parent = nearestExisting(dirname(dir));
    if (canCreateIn(parent)) return [ok(`data dir ${dir} does not exist yet; the server creates it (mode 0700) on first start`)];
    return [
      fail(
        `data dir ${dir} does not exist and ${parent} is not writable by ${who.userName}`,
        `sudo install -d -m 700 -o ${shellQuote(who.userName)} ${q}`,
      ),
    ];
  }
  if (!stats.isDirectory()) {
    return [fail(`data dir ${dir} exists but is not a directory`, `choose another --data-dir, or move ${q} away`)];
  }
  const findings: Finding[] = [];
  if (stats.uid !== who.uid) {
    findings.push(
      fail(
        `data dir ${dir} belongs to uid ${stats.uid}, not to ${who.userName} (uid ${who.uid}) who runs lambdabox`,
        `sudo chown -R ${shellQuote(who.userName)} ${q}`,
      ),
    );
  }
  const mode = stats.mode & 0o777;
  const octal = mode.toString(8).padStart(4, '0');
  if ((mode & 0o007) !== 0) {
    findings.push(fail(`data dir ${dir} is accessible to every user (mode ${octal})`, `chmod 700 ${q}`));
  } else if ((mode & 0o070) !== 0) {
    findings.push(warn(`data dir ${dir} is accessible to its group (mode ${octal})`, `chmod 700 ${q}`));
  } else if ((mode & 0o700) !== 0o700) {
    findings.push(fail(`data dir ${dir} is not fully accessible to its owner (mode ${octal})`, `chmod 700 ${q}`));
  }
  if (findings.length === 0) findings.push(ok(`data dir ${dir} (mode 0700, owned by ${who.userName})`));
  return findings;
}
