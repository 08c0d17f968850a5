/**
 * The runtimes lambdabox runs, and what an execution environment needs to run each: which host
 * directories to bind, the command inside the sandbox and the runtime's own environment variables
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html; the function's variables,
 * credentials and AWS_LAMBDA_* are the environment's).
 *
 * Sandbox layout (read-only binds):
 *   /var/runtime        the runtime's bootstrap (dist/src/runtimes/nodejs | python); none for provided.*
 *   /var/lang           the language (node runtimes only): a RuntimeCache home with bin/node
 *   /node_modules       node runtimes: the bundled AWS SDK clients (also /var/runtime/node_modules)
 *   /var/runtime-relay  provided.* only: relay.mjs and the node that runs it. It serves
 *                       AWS_LAMBDA_RUNTIME_API over TCP for the function's own bootstrap, which cannot
 *                       know the Unix socket. The Python bootstrap relays that address in-process
 *                       (a Node process in front of it would double its cold start).
 *
 * Python: lambdabox runs python3.X with the host's /usr/bin/python3.X. Debian 12 ships only 3.11, so
 * python3.12 / python3.13 run where the host has them and otherwise fail at invoke with
 * InvalidRuntimeException naming what is missing; they never silently run on another version.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { InvalidRuntimeError } from '../shared/errors/lambda-errors.js';
import type { NodeMajor, RuntimeCache } from './runtime-cache.js';

const run = promisify(execFile);

export type RuntimeFamily = 'nodejs' | 'python' | 'provided';

/**
 * AWS's schedule (ISO dates): phase 1 deprecation (no more patches), then no CreateFunction, then no
 * UpdateFunction*. From docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html as recorded in
 * cfn-lint's LmbdRuntimeLifecycle.json @217397c8 (2026-08-19); the deprecation and update-block
 * dates agree with endoflife.date's scrape of the same page @a70eca33.
 */
export interface RuntimeLifecycle {
  readonly deprecation: string;
  readonly blockFunctionCreate: string;
  readonly blockFunctionUpdate: string;
}

/** Shaped like the sandbox launcher's bind mounts. */
export interface RuntimeMount {
  readonly kind: 'bind';
  readonly source: string;
  readonly dest: string;
}

export interface RuntimeDescriptor {
  readonly name: string;
  readonly family: RuntimeFamily;
  /** Host directory bound at /var/runtime. */
  readonly runtimeDir?: string;
  /** Host directory bound at /var/lang. */
  readonly langDir?: string;
  /** Host directory bound at /var/runtime-relay. */
  readonly relayDir?: string;
  /** The directories above as read-only binds, for the launcher. */
  readonly mounts: readonly RuntimeMount[];
  /** argv inside the sandbox (cwd /var/task). */
  readonly command: readonly string[];
  /** The runtime's own variables: AWS_EXECUTION_ENV (not on provided.*), PATH, LD_LIBRARY_PATH, NODE_PATH / PYTHONPATH. */
  readonly env: Readonly<Record<string, string>>;
  /** `22.23.3`, `3.11.2`; empty for provided.* (the function brings its own). */
  readonly languageVersion: string;
  readonly lifecycle: RuntimeLifecycle;
}

export const RUNTIME_DIR = '/var/runtime';
export const LANG_DIR = '/var/lang';
export const RELAY_DIR = '/var/runtime-relay';
export const SDK_MODULES_DIR = '/node_modules';

const MANAGED_PATH = '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin';
const MANAGED_LD_LIBRARY_PATH = '/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib';
const NODE_PATH_TAIL = '/var/runtime/node_modules:/var/runtime:/var/task';
const PROVIDED_PATH = '/usr/local/bin:/usr/bin/:/bin:/opt/bin';
const PROVIDED_LD_LIBRARY_PATH = '/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib';

type CatalogEntry =
  | { readonly family: 'nodejs'; readonly major: NodeMajor; readonly lifecycle: RuntimeLifecycle }
  | { readonly family: 'python'; readonly version: string; readonly lifecycle: RuntimeLifecycle }
  | { readonly family: 'provided'; readonly lifecycle: RuntimeLifecycle };

function lifecycle(deprecation: string, blockFunctionCreate: string, blockFunctionUpdate: string): RuntimeLifecycle {
  return { deprecation, blockFunctionCreate, blockFunctionUpdate };
}

const CATALOG: ReadonlyMap<string, CatalogEntry> = new Map<string, CatalogEntry>([
  ['nodejs20.x', { family: 'nodejs', major: 20, lifecycle: lifecycle('2026-04-30', '2027-02-01', '2027-03-03') }],
  ['nodejs22.x', { family: 'nodejs', major: 22, lifecycle: lifecycle('2027-04-30', '2027-06-01', '2027-07-01') }],
  ['nodejs24.x', { family: 'nodejs', major: 24, lifecycle: lifecycle('2028-04-30', '2028-06-01', '2028-07-01') }],
  ['python3.11', { family: 'python', version: '3.11', lifecycle: lifecycle('2027-06-30', '2027-07-31', '2027-08-31') }],
  ['python3.12', { family: 'python', version: '3.12', lifecycle: lifecycle('2028-10-31', '2028-11-30', '2029-01-10') }],
  ['python3.13', { family: 'python', version: '3.13', lifecycle: lifecycle('2029-06-30', '2029-07-31', '2029-08-31') }],
  ['provided.al2023', { family: 'provided', lifecycle: lifecycle('2029-06-30', '2029-07-31', '2029-08-31') }],
  ['provided.al2', { family: 'provided', lifecycle: lifecycle('2026-07-31', '2027-02-01', '2027-03-03') }],
]);

/** The runtimes this catalog can describe, in catalog order. */
export const CATALOG_RUNTIMES: readonly string[] = [...CATALOG.keys()];

/** AWS's deprecation schedule of a runtime lambdabox runs, or undefined. */
export function runtimeLifecycle(name: string): RuntimeLifecycle | undefined {
  return CATALOG.get(name)?.lifecycle;
}

export interface RuntimeCatalogOptions {
  readonly cache: RuntimeCache;
  /** Where the runtime folders (nodejs/, python/, relay/) are. @default this module's folder */
  readonly runtimesDir?: string;
  /** Folder of the host's python3.X binaries; must be under /usr, which every sandbox binds. @default '/usr/bin' */
  readonly pythonBinDir?: string;
}

export class RuntimeCatalog {
  readonly #cache: RuntimeCache;
  readonly #runtimesDir: string;
  readonly #pythonBinDir: string;
  readonly #resolved = new Map<string, Promise<RuntimeDescriptor>>();

  constructor(options: RuntimeCatalogOptions) {
    this.#cache = options.cache;
    this.#runtimesDir = options.runtimesDir ?? fileURLToPath(new URL('.', import.meta.url));
    this.#pythonBinDir = options.pythonBinDir ?? '/usr/bin';
  }

  /**
   * Describes `name`, installing its language first if needed (Node 22/24 from the npm registry, once).
   * Throws InvalidRuntimeError when the runtime is unknown or cannot run on this host.
   */
  resolveRuntime(name: string): Promise<RuntimeDescriptor> {
    const known = this.#resolved.get(name);
    if (known !== undefined) return known;
    const resolving = this.#resolve(name);
    this.#resolved.set(name, resolving);
    // Not remembered when it fails: a registry outage or a missing interpreter may be fixed later.
    resolving.catch(() => this.#resolved.delete(name));
    return resolving;
  }

  async #resolve(name: string): Promise<RuntimeDescriptor> {
    const entry = CATALOG.get(name);
    if (entry === undefined) {
      throw new InvalidRuntimeError(
        `The runtime ${name} is not supported by lambdabox. Supported runtimes: [${CATALOG_RUNTIMES.join(', ')}].`,
      );
    }
    switch (entry.family) {
      case 'nodejs':
        return this.#nodejs(name, entry.major, entry.lifecycle);
      case 'python':
        return this.#python(name, entry.version, entry.lifecycle);
      case 'provided':
        return this.#provided(name, entry.lifecycle);
    }
  }

  async #nodejs(name: string, major: NodeMajor, lifecycle: RuntimeLifecycle): Promise<RuntimeDescriptor> {
    const runtimeDir = await this.#bootstrapDir(name, 'nodejs', 'bootstrap.mjs');
    const home = await this.#cache.nodeHome(major).catch((err: unknown) => {
      throw new InvalidRuntimeError(
        `The runtime ${name} is not available: Node.js ${major} could not be installed (${describe(err)}).`,
      );
    });
    return {
      name,
      family: 'nodejs',
      runtimeDir,
      langDir: home.dir,
      mounts: [bind(runtimeDir, RUNTIME_DIR), bind(home.dir, LANG_DIR), ...(await sdkMount(runtimeDir))],
      command: [`${LANG_DIR}/bin/node`, `${RUNTIME_DIR}/bootstrap.mjs`],
      env: {
        AWS_EXECUTION_ENV: `AWS_Lambda_${name}`,
        PATH: MANAGED_PATH,
        LD_LIBRARY_PATH: MANAGED_LD_LIBRARY_PATH,
        NODE_PATH: `/opt/nodejs/node${major}/node_modules:/opt/nodejs/node_modules:${NODE_PATH_TAIL}`,
      },
      languageVersion: home.version,
      lifecycle,
    };
  }

  async #python(name: string, version: string, lifecycle: RuntimeLifecycle): Promise<RuntimeDescriptor> {
    const python = join(this.#pythonBinDir, `python${version}`);
    const languageVersion = await pythonVersion(python);
    if (languageVersion === undefined || !languageVersion.startsWith(`${version}.`)) {
      throw new InvalidRuntimeError(
        `The runtime ${name} is not available on this host: lambdabox runs it with ${python}, which is not installed. ` +
          'Install that Python version on the host, or use a Python runtime the host has (python3.11 on Debian 12).',
      );
    }
    const runtimeDir = await this.#bootstrapDir(name, 'python', 'bootstrap.py');
    return {
      name,
      family: 'python',
      runtimeDir,
      mounts: [bind(runtimeDir, RUNTIME_DIR)],
      command: [python, `${RUNTIME_DIR}/bootstrap.py`],
      env: {
        AWS_EXECUTION_ENV: `AWS_Lambda_${name}`,
        PATH: MANAGED_PATH,
        LD_LIBRARY_PATH: MANAGED_LD_LIBRARY_PATH,
        PYTHONPATH: RUNTIME_DIR,
      },
      languageVersion,
      lifecycle,
    };
  }

  async #provided(name: string, lifecycle: RuntimeLifecycle): Promise<RuntimeDescriptor> {
    const relayDir = await this.#relayDir(name);
    return {
      name,
      family: 'provided',
      relayDir,
      mounts: [bind(relayDir, RELAY_DIR)],
      // The relay runs /var/task/bootstrap, else /opt/bootstrap, else reports Runtime.InvalidEntrypoint.
      command: [`${RELAY_DIR}/bin/node`, `${RELAY_DIR}/relay.mjs`, '--provided'],
      env: { PATH: PROVIDED_PATH, LD_LIBRARY_PATH: PROVIDED_LD_LIBRARY_PATH },
      languageVersion: '',
      lifecycle,
    };
  }

  async #bootstrapDir(name: string, family: string, entry: string): Promise<string> {
    const dir = join(this.#runtimesDir, family);
    try {
      await access(join(dir, entry), constants.R_OK);
    } catch {
      throw new InvalidRuntimeError(`The runtime ${name} is not installed: ${join(dir, entry)} is missing (run npm run build).`);
    }
    return dir;
  }

  async #relayDir(name: string): Promise<string> {
    return this.#cache.relayHome(join(this.#runtimesDir, 'relay', 'relay.mjs')).catch((err: unknown) => {
      throw new InvalidRuntimeError(
        `The runtime ${name} is not available: its Runtime API relay could not be prepared (${describe(err)}).`,
      );
    });
  }
}

/**
 * The bundled AWS SDK clients (scripts/bundle-aws-sdk.mjs) are in /var/runtime/node_modules, which NODE_PATH
 * covers for require. ES module resolution ignores NODE_PATH and walks up from the importing file, so the
 * same folder is also bound at /node_modules, the last stop for code in /var/task and /opt.
 */
async function sdkMount(runtimeDir: string): Promise<RuntimeMount[]> {
  const dir = join(runtimeDir, 'node_modules');
  try {
    await access(join(dir, '@aws-sdk'), constants.R_OK);
    return [bind(dir, SDK_MODULES_DIR)];
  } catch {
    return [];
  }
}

function bind(source: string, dest: string): RuntimeMount {
  return { kind: 'bind', source, dest };
}

/** `3.11.2`, or undefined when the interpreter is missing or does not run. */
async function pythonVersion(python: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(python, ['-V'], { env: {}, timeout: 30_000 });
    return stdout.trim().replace(/^Python /, '');
  } catch {
    return undefined;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
