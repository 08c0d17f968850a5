/**
 * The two secrets in the data dir: `admin-credentials` (the deliberate plaintext copy of the admin
 * key) and `keys/master.key` (the key-encryption key, unless LAMBDABOX_MASTER_KEY supplies it).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseMasterKey } from '../../shared/crypto/key-service.js';
import type { Identity } from './data-dir.js';
import { fail, ok } from './finding.js';
import type { Finding } from './finding.js';
import { shellQuote } from './shell-quote.js';

/** Owner and mode of one secret file (or directory, `wantMode` 0o700); undefined when it is absent. */
function checkPrivate(path: string, who: Identity, wantMode: 0o600 | 0o700): Finding[] | undefined {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return undefined;
  }
  const q = shellQuote(path);
  const kind = wantMode === 0o700 ? 'directory' : 'file';
  if (wantMode === 0o700 ? !stats.isDirectory() : !stats.isFile()) {
    return [fail(`${path} is not a ${kind}`, `move ${q} away; the server recreates what it needs`)];
  }
  const findings: Finding[] = [];
  if (stats.uid !== who.uid) {
    findings.push(fail(`${path} belongs to uid ${stats.uid}, not to ${who.userName}`, `sudo chown ${shellQuote(who.userName)} ${q}`));
  }
  const mode = stats.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    const octal = mode.toString(8).padStart(4, '0');
    findings.push(fail(`${path} is readable by others (mode ${octal})`, `chmod ${wantMode.toString(8)} ${q}`));
  }
  return findings;
}

export function checkAdminCredentials(dataDir: string, who: Identity): Finding[] {
  const file = join(dataDir, 'admin-credentials');
  const findings = checkPrivate(file, who, 0o600);
  if (findings === undefined) return [ok('no admin-credentials file (not created yet, or --no-credentials-file)')];
  return findings.length > 0 ? findings : [ok(`${file} (mode 0600)`)];
}

export function checkMasterKey(dataDir: string, who: Identity, env: NodeJS.ProcessEnv): Finding[] {
  const keysDir = join(dataDir, 'keys');
  const keyFile = join(keysDir, 'master.key');
  const fromEnv = env['LAMBDABOX_MASTER_KEY'];
  if (fromEnv !== undefined && fromEnv !== '') {
    try {
      parseMasterKey(fromEnv);
      return [ok('master key: from LAMBDABOX_MASTER_KEY (keys/master.key is not used)')];
    } catch (err) {
      return [
        fail(
          `LAMBDABOX_MASTER_KEY is not a valid key: ${err instanceof Error ? err.message : String(err)}`,
          'set LAMBDABOX_MASTER_KEY to 64 hex characters, e.g. the output of `openssl rand -hex 32` (keep it: data sealed under it needs it)',
        ),
      ];
    }
  }
  const findings = [...(checkPrivate(keysDir, who, 0o700) ?? []), ...(checkPrivate(keyFile, who, 0o600) ?? [])];
  if (!existsSync(keyFile)) {
    if (existsSync(join(dataDir, 'lambdabox.db'))) {
      findings.push(
        fail(
          `${keyFile} is missing but ${join(dataDir, 'lambdabox.db')} exists: the encrypted data cannot be read without the key it was sealed with`,
          `restore ${shellQuote(keyFile)} from a backup (mode 0600), or set LAMBDABOX_MASTER_KEY to the key this data dir was created with`,
        ),
      );
    } else {
      findings.push(ok('master key: created in keys/master.key (mode 0600) on first start'));
    }
  }
  if (findings.length === 0) findings.push(ok(`${keyFile} (mode 0600)`));
  return findings;
}
