import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdtemp, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { zipSync, strToU8 } from 'fflate';
import { KeyService } from '../../src/shared/crypto/key-service.js';
import { createLogger } from '../../src/observe/logger.js';
import { CodeCache, layersKey } from '../../src/sandbox/code-cache.js';
import { BlobIntegrityError, BlobNotFoundError, BlobStore } from '../../src/store/blob-store.js';
import { zipOf } from '../helpers/zips.js';

/** The real store, counting reads: each read is one extraction. */
class CountingBlobStore extends BlobStore {
  gets = 0;
  override async get(sha256: string): Promise<Buffer> {
    this.gets += 1;
    return super.get(sha256);
  }
}

/** A zip whose entries carry unix modes (an executable, a symlink), as `zip -y` writes them. */
function unixZip(): Buffer {
  const exec = 0o100755 << 16;
  const link = 0o120777 << 16;
  return Buffer.from(
    zipSync({
      'bootstrap': [strToU8('#!/bin/sh\n'), { os: 3, attrs: exec }],
      'lib/util.js': strToU8('exports.u = 1;\n'),
      'util-link.js': [strToU8('lib/util.js'), { os: 3, attrs: link }],
    }),
  );
}

describe('CodeCache', () => {
  let work: string;
  let runDir: string;
  let blobs: CountingBlobStore;
  let cache: CodeCache;
  const logger = createLogger({ level: 'silent' });

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'lbx-code-cache-'));
    runDir = join(work, 'run');
    blobs = new CountingBlobStore({ dir: join(work, 'blobs'), keys: new KeyService(randomBytes(32)) });
    await blobs.start();
    cache = new CodeCache({ runDir, blobs, logger });
  });
  after(() => rm(work, { recursive: true, force: true }));

  test('extracts a version once, world-readable and root-owned', async () => {
    const { sha256 } = await blobs.put(unixZip());
    const before = blobs.gets;
    const dir = await cache.code(sha256);
    assert.equal(dir, join(runDir, 'code', sha256));
    assert.equal(blobs.gets - before, 1);
    assert.equal(await readFile(join(dir, 'lib', 'util.js'), 'utf8'), 'exports.u = 1;\n');
    const modes = async (p: string): Promise<number> => (await lstat(join(dir, p))).mode & 0o7777;
    assert.equal(await modes(''), 0o755);
    assert.equal(await modes('lib'), 0o755);
    assert.equal(await modes('lib/util.js'), 0o644);
    assert.equal(await modes('bootstrap'), 0o755);
    assert.equal(await readlink(join(dir, 'util-link.js')), 'lib/util.js');
    assert.equal((await lstat(join(dir, 'bootstrap'))).uid, process.getuid?.());
    assert.equal((await lstat(join(runDir, 'code'))).mode & 0o777, 0o711);
    assert.equal(await cache.code(sha256), dir);
    assert.equal(blobs.gets - before, 1, 'served from the extracted tree');
  });

  test('concurrent calls share one extraction', async () => {
    const { sha256 } = await blobs.put(zipOf({ 'index.mjs': 'export const handler = () => 1;\n' }));
    const before = blobs.gets;
    const dirs = await Promise.all(Array.from({ length: 8 }, () => cache.code(sha256)));
    assert.equal(new Set(dirs).size, 1);
    assert.equal(blobs.gets - before, 1);
    assert.deepEqual(await readdir(join(runDir, 'code')).then((names) => names.filter((n) => n.startsWith('.tmp-'))), []);
  });

  test('a blob that fails its hash check is refused and leaves nothing behind', async () => {
    const { sha256 } = await blobs.put(zipOf({ 'index.mjs': 'tampered soon' }));
    const path = join(work, 'blobs', sha256.slice(0, 2), sha256);
    const sealed = await readFile(path);
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 0xff;
    await writeFile(path, sealed);
    await assert.rejects(cache.code(sha256), BlobIntegrityError);
    assert.equal(existsSync(join(runDir, 'code', sha256)), false);
    assert.deepEqual((await readdir(join(runDir, 'code'))).filter((n) => n.startsWith('.tmp-')), []);
    await assert.rejects(cache.code('0'.repeat(64)), BlobNotFoundError);
    await assert.rejects(cache.code('../etc'), /not a SHA-256/);
  });

  test('a failed extraction is retried on the next call', async () => {
    const zip = zipOf({ 'index.mjs': 'later' });
    const { sha256 } = await blobs.put(zip);
    const path = join(work, 'blobs', sha256.slice(0, 2), sha256);
    const sealed = await readFile(path);
    await rm(path);
    await assert.rejects(cache.code(sha256), BlobNotFoundError);
    await writeFile(path, sealed);
    assert.equal(await readFile(join(await cache.code(sha256), 'index.mjs'), 'utf8'), 'later');
  });

  test('layers are extracted in order: a later layer overwrites the same path', async () => {
    const a = await blobs.put(
      zipOf({ 'nodejs/a.js': 'A', 'shared.txt': 'from A', 'dir/x': 'ax', 'thing': 'a file in A', 'bin/tool': 'A tool' }),
    );
    const b = await blobs.put(zipOf({ 'shared.txt': 'from B', 'dir/y': 'by', 'thing/inner': 'a dir in B' }));
    const c = await blobs.put(zipOf({ 'bin': 'a file replacing a directory' }));
    const ab = await cache.layers([a.sha256, b.sha256]);
    assert.equal(ab, join(runDir, 'layers', layersKey([a.sha256, b.sha256])));
    assert.equal(await readFile(join(ab, 'nodejs/a.js'), 'utf8'), 'A');
    assert.equal(await readFile(join(ab, 'shared.txt'), 'utf8'), 'from B');
    assert.deepEqual((await readdir(join(ab, 'dir'))).sort(), ['x', 'y']);
    assert.equal(await readFile(join(ab, 'thing/inner'), 'utf8'), 'a dir in B');
    assert.equal((await lstat(ab)).mode & 0o777, 0o755);

    const ba = await cache.layers([b.sha256, a.sha256]);
    assert.notEqual(ba, ab);
    assert.equal(await readFile(join(ba, 'shared.txt'), 'utf8'), 'from A');
    assert.equal(await readFile(join(ba, 'thing'), 'utf8'), 'a file in A');

    const ac = await cache.layers([a.sha256, c.sha256]);
    assert.equal(await readFile(join(ac, 'bin'), 'utf8'), 'a file replacing a directory');
    assert.deepEqual((await readdir(join(runDir, 'layers'))).filter((n) => n.startsWith('.tmp-')), []);
  });

  test('evict removes trees no longer needed and keeps the others', async () => {
    const keep = await blobs.put(zipOf({ 'keep.js': 'k' }));
    const drop = await blobs.put(zipOf({ 'drop.js': 'd' }));
    const layer = await blobs.put(zipOf({ 'python/lib.py': 'x = 1' }));
    const keepDir = await cache.code(keep.sha256);
    const dropDir = await cache.code(drop.sha256);
    const layerDir = await cache.layers([layer.sha256]);
    const otherLayerDir = await cache.layers([drop.sha256]);
    await cache.evict(new Set([keep.sha256]), [[layer.sha256]]);
    assert.ok(existsSync(keepDir));
    assert.ok(existsSync(layerDir));
    assert.equal(existsSync(dropDir), false);
    assert.equal(existsSync(otherLayerDir), false);
    const before = blobs.gets;
    assert.equal(await cache.code(drop.sha256), dropDir);
    assert.equal(blobs.gets - before, 1, 'extracted again after eviction');
  });
});
