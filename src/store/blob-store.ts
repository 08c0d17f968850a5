/**
 * Content-addressed, encrypted blob store for code and layer zips. A blob is addressed by the hex
 * SHA-256 of its plaintext, sealed with its own data key (context `blob:<sha256>`), written to a temp
 * file, fsynced and renamed into place, so a crash never leaves a half-written blob under its name.
 * Reads re-verify the hash: a blob that does not match its address is refused.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyService } from '../shared/crypto/key-service.js';
import { InvalidArgumentError } from '../shared/errors/lambdabox-error.js';

export class BlobIntegrityError extends Error {
  constructor(readonly sha256: string) {
    super(`blob ${sha256} failed its integrity check`);
    this.name = 'BlobIntegrityError';
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super(`blob ${sha256} is missing`);
    this.name = 'BlobNotFoundError';
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface BlobStoreOptions {
  readonly dir: string;
  readonly keys: KeyService;
}

export class BlobStore {
  readonly #dir: string;
  readonly #keys: KeyService;

  constructor(options: BlobStoreOptions) {
    this.#dir = options.dir;
    this.#keys = options.keys;
  }

  async start(): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    await rm(join(this.#dir, 'tmp'), { recursive: true, force: true });
    await mkdir(join(this.#dir, 'tmp'), { recursive: true, mode: 0o700 });
  }

  #path(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new InvalidArgumentError(`not a sha256 address: ${sha256}`);
    return join(this.#dir, sha256.slice(0, 2), sha256);
  }

  /** Stores `data` (idempotent) and returns its address. */
  async put(data: Uint8Array): Promise<{ sha256: string; size: number }> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const path = this.#path(sha256);
    if (await exists(path)) {
      // A fresh mtime tells the collector this blob is about to be referenced again.
      const now = new Date();
      await utimes(path, now, now);
      return { sha256, size: data.byteLength };
    }
    const sealed = this.#keys.seal(data, `blob:${sha256}`);
    await mkdir(join(this.#dir, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
    const tmp = join(this.#dir, 'tmp', `${sha256}.${randomUUID()}`);
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(sealed);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
    await syncDir(join(this.#dir, sha256.slice(0, 2)));
    return { sha256, size: data.byteLength };
  }

  async get(sha256: string): Promise<Buffer> {
    let sealed: Buffer;
    try {
      sealed = await readFile(this.#path(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(sha256);
      throw err;
    }
    let plain: Buffer;
    try {
      plain = this.#keys.open(sealed, `blob:${sha256}`);
    } catch {
      throw new BlobIntegrityError(sha256);
    }
    if (createHash('sha256').update(plain).digest('hex') !== sha256) throw new BlobIntegrityError(sha256);
    return plain;
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.#path(sha256));
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.#path(sha256), { force: true });
  }

  /** Every stored address, for garbage collection of blobs no record references. */
  async list(): Promise<string[]> {
    const out: string[] = [];
    for (const prefix of await readdir(this.#dir)) {
      if (prefix.length !== 2) continue;
      for (const name of await readdir(join(this.#dir, prefix))) {
        if (SHA256_HEX.test(name)) out.push(name);
      }
    }
    return out;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
