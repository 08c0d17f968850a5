/**
 * Extracted code and layers on the run directory's tmpfs, shared read-only by every environment of
 * the versions that use them. Each tree is unpacked once from the encrypted blob store (BlobStore.get
 * re-verifies the SHA-256, SECURITY.md invariant 5) into a temp directory and renamed into place, so
 * a tree under its final name is always complete. Everything is root-owned and world-readable
 * (files 0644/0755, dirs 0755): any sandbox uid can read what is bound into it, and none can change it.
 */
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { extractZip } from '../shared/zip/index.js';
import type { ZipLimits } from '../shared/zip/index.js';
import type { BlobStore } from '../store/blob-store.js';
import { InvalidArgumentError } from '../shared/errors/lambdabox-error.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const TREE_MODE = 0o755;
/** Only root lists these; sandboxes reach their own tree by its exact path. */
const PARENT_MODE = 0o711;
const TEMP_PREFIX = '.tmp-';

/**
 * The control plane has already held each package to Lambda's limits; these only bound the work
 * should a stored blob somehow be larger (Lambda: 250 MB unzipped for code and layers together).
 */
const EXTRACT_LIMITS: ZipLimits = { maxZippedBytes: Number.MAX_SAFE_INTEGER, maxUnzippedBytes: 262_144_000 };

export interface CodeCacheOptions {
  readonly runDir: string;
  readonly blobs: BlobStore;
  readonly logger: Logger;
}

/** The directory name of a layer list: order matters, so it is part of the key. */
export function layersKey(sha256Hexes: readonly string[]): string {
  return createHash('sha256').update(sha256Hexes.join('\n')).digest('hex');
}

export class CodeCache {
  readonly #codeRoot: string;
  readonly #layersRoot: string;
  readonly #blobs: BlobStore;
  readonly #logger: Logger;
  /** Trees extracted or being extracted, by directory; concurrent callers share one promise. */
  readonly #trees = new Map<string, Promise<string>>();

  constructor(options: CodeCacheOptions) {
    this.#codeRoot = join(options.runDir, 'code');
    this.#layersRoot = join(options.runDir, 'layers');
    this.#blobs = options.blobs;
    this.#logger = options.logger;
  }

  /** Directory holding the extracted zip with that SHA-256 (hex). */
  async code(sha256Hex: string): Promise<string> {
    assertSha256(sha256Hex);
    return this.#tree(this.#codeRoot, sha256Hex, (dir) => this.#extract(sha256Hex, dir));
  }

  /** One directory with the layer zips extracted in order: a later layer overwrites the same path. */
  async layers(sha256Hexes: readonly string[]): Promise<string> {
    for (const sha of sha256Hexes) assertSha256(sha);
    return this.#tree(this.#layersRoot, layersKey(sha256Hexes), async (dir) => {
      for (const [index, sha] of sha256Hexes.entries()) {
        if (index === 0) {
          await this.#extract(sha, dir);
          continue;
        }
        const part = await mkdtemp(join(this.#layersRoot, TEMP_PREFIX));
        try {
          await this.#extract(sha, part);
          await overlay(part, dir);
        } finally {
          await rm(part, { recursive: true, force: true });
        }
      }
    });
  }

  /**
   * Removes code trees not in `keepCodes` and layer trees not made from a list in `keepLayers`.
   * Callers must keep everything a live environment has bound: its files would vanish under it.
   */
  async evict(keepCodes: ReadonlySet<string>, keepLayers: ReadonlyArray<readonly string[]> = []): Promise<void> {
    const keptLayerKeys = new Set(keepLayers.map((list) => layersKey(list)));
    await this.#evictUnder(this.#codeRoot, keepCodes);
    await this.#evictUnder(this.#layersRoot, keptLayerKeys);
  }

  async #evictUnder(root: string, keep: ReadonlySet<string>): Promise<void> {
    let names: string[];
    try {
      names = await readdir(root);
    } catch {
      return;
    }
    for (const name of names) {
      // Temp trees belong to extractions in progress; a crash's leftovers go with the run directory.
      if (name.startsWith(TEMP_PREFIX) || keep.has(name)) continue;
      const dir = join(root, name);
      const pending = this.#trees.get(dir);
      if (pending !== undefined) {
        // Being extracted right now: let it finish before it is removed.
        await pending.catch(() => undefined);
      }
      this.#trees.delete(dir);
      await rm(dir, { recursive: true, force: true });
      this.#logger.debug({ tree: dir }, 'evicted an extracted tree');
    }
  }

  #tree(root: string, name: string, fill: (tempDir: string) => Promise<void>): Promise<string> {
    const dir = join(root, name);
    let tree = this.#trees.get(dir);
    if (tree === undefined) {
      tree = this.#build(root, dir, fill);
      this.#trees.set(dir, tree);
      // A failure is not cached: the next caller tries again (the blob may have been restored).
      tree.catch(() => {
        if (this.#trees.get(dir) === tree) this.#trees.delete(dir);
      });
    }
    return tree;
  }

  async #build(root: string, dir: string, fill: (tempDir: string) => Promise<void>): Promise<string> {
    await mkdir(root, { recursive: true, mode: PARENT_MODE });
    await chmod(root, PARENT_MODE);
    if (await isDirectory(dir)) return dir;
    const temp = await mkdtemp(join(root, TEMP_PREFIX));
    try {
      await chmod(temp, TREE_MODE);
      await fill(temp);
      await rename(temp, dir);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
    this.#logger.debug({ tree: dir }, 'extracted');
    return dir;
  }

  async #extract(sha256Hex: string, dir: string): Promise<void> {
    const zip = await this.#blobs.get(sha256Hex);
    await extractZip(zip, dir, EXTRACT_LIMITS);
  }
}

function assertSha256(value: string): void {
  if (!SHA256_HEX.test(value)) throw new InvalidArgumentError(`not a SHA-256 (hex): ${JSON.stringify(value)}`);
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Moves every entry of `from` into `to`, replacing what is there: directories present on both sides
 * merge, anything else (a file, a symlink, a directory meeting a file) is replaced whole. lstat and
 * rename never follow a symlink, so a layer's link cannot redirect where another layer's files land.
 */
async function overlay(from: string, to: string): Promise<void> {
  for (const name of await readdir(from)) {
    const source = join(from, name);
    const target = join(to, name);
    const [sourceInfo, targetInfo] = await Promise.all([lstat(source), lstat(target).catch(() => undefined)]);
    if (sourceInfo.isDirectory() && targetInfo?.isDirectory() === true) {
      await overlay(source, target);
      continue;
    }
    if (targetInfo !== undefined) await rm(target, { recursive: true, force: true });
    await rename(source, target);
  }
}
