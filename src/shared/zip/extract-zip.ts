import { lstat, readdir, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DirectoryWriter } from './directory-writer.js';
import { readPackage } from './read-package.js';
import type { ZipLimits } from './zip-limits.js';
import type { ZipInspection } from './zip-types.js';
import { InvalidArgumentError } from '../errors/lambdabox-error.js';

/**
 * Extracts into an existing empty directory with the same checks as inspectZip. Regular files get
 * 0o755 when any executable bit is set in their unix mode and 0o644 otherwise; directories get 0o755;
 * symlinks are created only when they resolve inside `destDir`, and only after every file is written.
 * Writing never follows a symlink. On failure `destDir` is emptied again, so no partial package stays.
 */
export async function extractZip(zip: Uint8Array, destDir: string, limits: ZipLimits): Promise<ZipInspection> {
  const root = await realpath(destDir);
  if (!(await lstat(root)).isDirectory()) throw new InvalidArgumentError(`extractZip: ${destDir} is not a directory`);
  if ((await readdir(root)).length > 0) throw new InvalidArgumentError(`extractZip: ${destDir} is not empty`);
  try {
    return await readPackage(zip, limits, new DirectoryWriter(root));
  } catch (error) {
    await emptyDirectory(root);
    throw error;
  }
}

/** rm does not follow symlinks, so links left by a failed extraction are removed, not their targets. */
async function emptyDirectory(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    await rm(join(root, name), { recursive: true, force: true });
  }
}
