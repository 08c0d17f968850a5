/**
 * The /etc/passwd, /etc/group, /etc/hosts and /etc/nsswitch.conf every sandbox sees, read-only, as
 * Lambda's have them for what functions rely on: the sandbox user (sbx_user1051, uid 993, gid 990)
 * has a passwd entry, so `os.homedir()` / `getpwuid()` work (the AWS SDKs' config loaders call
 * them), and `localhost` resolves without DNS. Nothing of the host's own files is exposed. The
 * files are written once per launcher under the instance's run directory and bound into both
 * backends like any other mount.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SANDBOX_GID, SANDBOX_UID } from './bwrap-args.js';
import type { SandboxMount } from './sandbox-spec.js';

export const SANDBOX_USER = 'sbx_user1051';

/** The files by their path inside the sandbox. */
export const IDENTITY_FILES: Readonly<Record<string, string>> = {
  '/etc/passwd': [
    'root:x:0:0:root:/root:/sbin/nologin',
    `${SANDBOX_USER}:x:${SANDBOX_UID}:${SANDBOX_GID}::/home/${SANDBOX_USER}:/sbin/nologin`,
    '',
  ].join('\n'),
  '/etc/group': ['root:x:0:', `${SANDBOX_USER}:x:${SANDBOX_GID}:`, ''].join('\n'),
  // Without it glibc asks DNS before the files (no resolver inside: localhost would not resolve).
  '/etc/nsswitch.conf': ['passwd: files', 'group: files', 'shadow: files', 'hosts: files dns', ''].join('\n'),
  '/etc/hosts': [
    '127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4',
    '::1         localhost localhost.localdomain localhost6 localhost6.localdomain6',
    '',
  ].join('\n'),
};

/**
 * Writes the files into `dir` (root-owned, 0644 in a 0755 directory: readable by every sandbox uid,
 * writable by none) and returns the read-only mounts that place them. Each file is written under a
 * temporary name and renamed, so a sandbox already holding the old inode never sees a partial file.
 */
export async function writeIdentityFiles(dir: string): Promise<SandboxMount[]> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const mounts: SandboxMount[] = [];
  for (const [dest, content] of Object.entries(IDENTITY_FILES)) {
    const source = join(dir, dest.slice(dest.lastIndexOf('/') + 1));
    await writeFile(`${source}.new`, content, { mode: 0o644 });
    await rename(`${source}.new`, source);
    mounts.push({ kind: 'ro-bind', source, dest });
  }
  return mounts;
}
