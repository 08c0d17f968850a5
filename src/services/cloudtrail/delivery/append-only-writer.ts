/**
 * The only code that writes trail files, and it only ever creates new ones: each file is written under a
 * temporary name, fsync-ed, then linked to its final name (link(2) fails with EEXIST instead of replacing,
 * the O_EXCL of a rename) and made read-only (0400) in owner-only (0700) directories. Nothing here opens an
 * existing file for writing, so a delivered log or digest is never rewritten by lambdabox itself.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { InvalidArgumentError } from '../../../shared/errors/lambdabox-error.js';

const FILE_MODE = 0o400;
const DIR_MODE = 0o700;

/** `<root>/<bucket>/<key>`; refuses names that could leave the root (keys come from digests too). */
export function trailObjectPath(root: string, bucket: string, key: string): string {
  for (const segment of [bucket, ...key.split('/')]) {
    if (segment === '' || segment === '.' || segment === '..' || segment.includes(sep) || segment.includes('\0')) {
      throw new InvalidArgumentError(`refusing trail object name ${bucket}/${key}`);
    }
  }
  return join(root, bucket, ...key.split('/'));
}

export class AppendOnlyWriter {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  pathOf(bucket: string, key: string): string {
    return trailObjectPath(this.#root, bucket, key);
  }

  /** Creates `<bucket>/<key>` with `data`; fails (EEXIST) when it already exists. */
  async create(bucket: string, key: string, data: Uint8Array): Promise<void> {
    const final = this.pathOf(bucket, key);
    const dir = dirname(final);
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    const temp = join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
    // O_EXCL|O_NOFOLLOW: never an existing file, never through a planted symlink.
    const fh = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, FILE_MODE);
    try {
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await link(temp, final);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    await syncDir(dir);
  }
}

/** The new directory entry survives a crash only once its directory is synced. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
