/**
 * Builds the official `aws-lambda-ric` (Node) once per machine into a cache outside the repository,
 * and packs it as a Lambda layer (`nodejs/node_modules/aws-lambda-ric`).
 *
 * 3.3.0 is pinned: 4.x declares Node >= 22 and the sandbox's /usr/bin/node is the host's Node 20
 * (lambda-api.md §6). Its install compiles curl and aws-lambda-cpp from source, then the N-API addon
 * (needs cmake, autoconf, automake, libtool, g++, make, python3: scripts/ensure-system.mjs), which
 * takes minutes: the result is reused by every later run. The build happens in a scratch directory
 * renamed into place when complete, so an interrupted or concurrent build never leaves a half one.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';

const run = promisify(execFile);

export const RIC_VERSION = '3.3.0';
const INSTALL_TIMEOUT_MS = 20 * 60_000;

/** What the RIC needs at run time; the rest of the package (curl and aws-lambda-cpp sources, build trees) is ~150 MB. */
const RUNTIME_FILES = ['package.json', 'LICENSE', 'NOTICE', 'bin/index.mjs', 'dist/index.mjs', 'dist/rapid-client.node'];

export interface RicBuildOptions {
  /** @default os.tmpdir()/lambdabox-ric-cache */
  readonly cacheRoot?: string;
}

/** The built package's directory (…/node_modules/aws-lambda-ric), building it first if no complete build is cached. */
export async function ensureRicBuild(options: RicBuildOptions = {}): Promise<string> {
  const cacheRoot = options.cacheRoot ?? join(tmpdir(), 'lambdabox-ric-cache');
  const home = join(cacheRoot, RIC_VERSION);
  const packageDir = join(home, 'node_modules', 'aws-lambda-ric');
  if (isComplete(packageDir)) return packageDir;

  await mkdir(cacheRoot, { recursive: true });
  const scratch = await mkdtemp(join(cacheRoot, `.build-${RIC_VERSION}-`));
  try {
    await npmInstall(scratch);
    if (!isComplete(join(scratch, 'node_modules', 'aws-lambda-ric'))) {
      throw new Error(`npm installed aws-lambda-ric@${RIC_VERSION} in ${scratch} without its native addon (dist/rapid-client.node)`);
    }
    // A concurrent build may have finished meanwhile (keep it: a test may be using it); else clear a broken one.
    if (isComplete(packageDir)) return packageDir;
    await rm(home, { recursive: true, force: true });
    await chmod(scratch, 0o755); // mkdtemp made it private
    try {
      await rename(scratch, home);
    } catch (err) {
      // A concurrent build got there first: use it.
      if (!isComplete(packageDir)) throw err;
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return packageDir;
}

/** A layer zip holding the RIC at nodejs/node_modules/aws-lambda-ric (what Lambda puts on /opt). */
export async function ricLayerZip(packageDir: string): Promise<Buffer> {
  const entries: Record<string, Uint8Array> = {};
  for (const file of RUNTIME_FILES) {
    entries[`nodejs/node_modules/aws-lambda-ric/${file}`] = await readFile(join(packageDir, file));
  }
  return Buffer.from(zipSync(entries, { mtime: new Date('2024-01-01T00:00:00Z') }));
}

function isComplete(packageDir: string): boolean {
  return RUNTIME_FILES.every((file) => existsSync(join(packageDir, file)));
}

async function npmInstall(dir: string): Promise<void> {
  // Its own package.json, so npm neither walks up into some other project nor asks about install
  // scripts: aws-lambda-ric's preinstall/postinstall are the build.
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'lambdabox-ric-cache', private: true, allowScripts: { 'aws-lambda-ric': true } }, null, 2)}\n`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The test runner's markers would change how the build's own node processes behave.
  delete env['NODE_TEST_CONTEXT'];
  delete env['NODE_OPTIONS'];
  // node-gyp downloads Node's headers unless told where they are; only the npm registry may be reachable.
  const prefix = dirname(dirname(process.execPath));
  if (existsSync(join(prefix, 'include', 'node', 'node.h'))) env['npm_config_nodedir'] = prefix;
  try {
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--no-package-lock', '--no-save', '--foreground-scripts', `aws-lambda-ric@${RIC_VERSION}`],
      { cwd: dir, env, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 },
    );
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: unknown; stderr?: unknown };
    const output = [stdout, stderr].filter((s): s is string => typeof s === 'string').join('\n');
    throw new Error(
      `npm install aws-lambda-ric@${RIC_VERSION} failed (does scripts/ensure-system.mjs report missing packages?):\n` +
        output.trim().split('\n').slice(-40).join('\n'),
      { cause: err },
    );
  }
}
