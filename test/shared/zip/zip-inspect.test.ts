import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, inflateRawSync } from 'node:zlib';
import { inspectZip } from '../../../src/shared/zip/inspect-zip.js';
import { InvalidParameterValueError, RequestEntityTooLargeError } from '../../../src/shared/errors/lambda-errors.js';
import {
  CD_CRC,
  CD_FLAGS,
  CD_METHOD,
  CD_UNCOMPRESSED,
  INVALID_ZIP,
  LH_FLAGS,
  LH_METHOD,
  deflated,
  dir,
  file,
  invalidParameter,
  link,
  patchCentral,
  patchLocal,
  rawZip,
  stored,
  unixAttrs,
  zeroBomb,
  zipOf,
} from './zip-fixtures.js';
import type { RawEntry } from './zip-fixtures.js';

const LAMBDA = { maxZippedBytes: 52428800, maxUnzippedBytes: 262144000 } as const;
const MiB = 1024 * 1024;

describe('inspectZip: a valid package', () => {
  test('reports files, directories, modes and inner symlinks with real sizes', async () => {
    const zip = zipOf({
      'bin/': dir(),
      'bin/bootstrap': file('#!/bin/sh\necho hi\n', 0o100755),
      'index.js': file('exports.handler = async () => 1;\n'),
      'lib/v1/util.js': file('module.exports = 2;\n', 0o100600),
      'lib/current': link('v1'),
      'setuid': file('x', 0o104755),
    });
    const result = await inspectZip(zip, LAMBDA);
    assert.equal(result.entryCount, 6);
    assert.deepEqual(result.entries, [
      { path: 'bin', size: 0, mode: 0o755, type: 'directory' },
      { path: 'bin/bootstrap', size: 18, mode: 0o755, type: 'file' },
      { path: 'index.js', size: 33, mode: 0o644, type: 'file' },
      { path: 'lib/v1/util.js', size: 20, mode: 0o644, type: 'file' },
      { path: 'lib/current', size: 2, mode: 0o777, type: 'symlink', linkTarget: 'v1' },
      { path: 'setuid', size: 1, mode: 0o755, type: 'file' },
    ]);
    assert.equal(result.unzippedSize, 18 + 33 + 20 + 2 + 1);
  });

  test('archives from non-unix hosts get 0o644 files and MS-DOS directory attributes', async () => {
    const zip = rawZip([
      { ...stored('a.txt', Buffer.from('a')), versionMadeBy: 20, externalAttrs: 0x20 },
      { ...stored('folder', Buffer.alloc(0)), versionMadeBy: 20, externalAttrs: 0x10 },
      // Upper bits look like a symlink, but an MS-DOS creator's upper bits are not a unix mode.
      { ...stored('notalink', Buffer.from('../../etc')), versionMadeBy: 20, externalAttrs: unixAttrs(0o120777) },
    ]);
    const result = await inspectZip(zip, LAMBDA);
    assert.deepEqual(
      result.entries.map((e) => [e.path, e.type, e.mode]),
      [['a.txt', 'file', 0o644], ['folder', 'directory', 0o755], ['notalink', 'file', 0o644]],
    );
  });

  test('a non-escaping ".." and "./" segments are resolved lexically; backslashes are separators', async () => {
    const zip = zipOf({ 'a/../b.txt': file('b'), './c/./d.txt': file('d'), 'e\\f.txt': file('f') });
    const result = await inspectZip(zip, LAMBDA);
    assert.deepEqual(result.entries.map((e) => e.path), ['b.txt', 'c/d.txt', 'e/f.txt']);
  });

  test('non-ASCII names are kept', async () => {
    const result = await inspectZip(zipOf({ 'données/π ü.js': file('1') }), LAMBDA);
    assert.deepEqual(result.entries.map((e) => e.path), ['données/π ü.js']);
  });

  test('a nested zip is just a file, whatever it contains', async () => {
    const inner = zipOf({ '../../evil': file('x'), '/abs': file('y') });
    const result = await inspectZip(zipOf({ 'inner.zip': [inner, { level: 0 }] }), LAMBDA);
    assert.deepEqual(result.entries, [{ path: 'inner.zip', size: inner.length, mode: 0o644, type: 'file' }]);
  });

  test('a large entry is inflated as a stream and counted exactly', async () => {
    const content = Buffer.alloc(3 * MiB);
    let seed = 7;
    for (let i = 0; i < content.length; i++) content[i] = (seed = (seed * 1103515245 + 12345) % 2147483648) >>> 23;
    const result = await inspectZip(rawZip([deflated('big.bin', content)]), LAMBDA);
    assert.equal(result.unzippedSize, content.length);
  });

  test('duplicate files and directories are accepted (the last file wins on extraction)', async () => {
    const zip = rawZip([stored('a/', Buffer.alloc(0)), stored('a/', Buffer.alloc(0)), stored('a/x', Buffer.from('1')), stored('a/x', Buffer.from('22'))]);
    const result = await inspectZip(zip, LAMBDA);
    assert.equal(result.entryCount, 4);
    assert.equal(result.unzippedSize, 3);
  });
});

describe('inspectZip: archives that are not valid zips', () => {
  const good = zipOf({ 'index.js': file('exports.handler = async () => "hello world hello world";\n') });

  const cases: Array<[string, () => Uint8Array]> = [
    ['random bytes', () => new Uint8Array(Buffer.from('this is not a zip file at all, just text'))],
    ['a truncated archive', () => good.subarray(0, good.length - 10)],
    ['an archive cut before its data ends', () => good.subarray(20)],
    ['a CRC mismatch', () => patchCentral(good, 0, CD_CRC, 0xdeadbeef, 4)],
    ['an unsupported compression method (bzip2)', () => patchLocal(patchCentral(good, 0, CD_METHOD, 12, 2), 0, LH_METHOD, 12, 2)],
    ['a local header disagreeing on the method', () => patchLocal(good, 0, LH_METHOD, 0, 2)],
    ['an encrypted entry', () => patchLocal(patchCentral(good, 0, CD_FLAGS, 0x801, 2), 0, LH_FLAGS, 0x801, 2)],
    ['an entry encrypted only per its local header', () => patchLocal(good, 0, LH_FLAGS, 0x1, 2)],
    ['corrupt deflate data', () => rawZip([{ ...deflated('a', Buffer.from('hello')), data: Buffer.from([0xff, 0xff, 0xff]) }])],
    ['a stored entry whose sizes disagree', () => rawZip([{ ...stored('a', Buffer.from('hello')), size: 3 }])],
  ];
  for (const [label, build] of cases) {
    test(`rejects ${label}`, async () => {
      await assert.rejects(inspectZip(build(), LAMBDA), invalidParameter(INVALID_ZIP));
    });
  }

  test('rejects an archive with no entries, and an empty upload, as AWS does', async () => {
    await assert.rejects(inspectZip(zipOf({}), LAMBDA), invalidParameter('Uploaded file must be a non-empty zip'));
    await assert.rejects(inspectZip(new Uint8Array(0), LAMBDA), invalidParameter('Uploaded file must be a non-empty zip'));
  });
});

describe('inspectZip: size limits', () => {
  test('a zip over maxZippedBytes is a 413 with the limit in the message', async () => {
    const zip = zipOf({ 'a.txt': file('x'.repeat(500)) });
    await assert.rejects(inspectZip(zip, { ...LAMBDA, maxZippedBytes: 100 }), (error: unknown) => {
      assert.ok(error instanceof RequestEntityTooLargeError);
      assert.equal(error.status, 413);
      assert.equal(error.message, 'Zipped size must be smaller than 100 bytes');
      return true;
    });
  });

  test('unzipped total over the budget uses the AWS message with the budget passed in', async () => {
    const zip = zipOf({ 'a.bin': file(Buffer.alloc(600, 1)), 'b.bin': file(Buffer.alloc(600, 2)) });
    await assert.rejects(
      inspectZip(zip, { ...LAMBDA, maxUnzippedBytes: 1000 }),
      invalidParameter('Unzipped size must be smaller than 1000 bytes'),
    );
    assert.equal((await inspectZip(zip, { ...LAMBDA, maxUnzippedBytes: 1200 })).unzippedSize, 1200);
  });

  test('too many entries', async () => {
    const zip = zipOf({ a: file('1'), b: file('2'), c: file('3') });
    await assert.rejects(
      inspectZip(zip, { ...LAMBDA, maxEntries: 2 }),
      invalidParameter('Could not unzip uploaded file. The deployment package has more than 2 entries.'),
    );
  });
});

describe('inspectZip: zip bombs', () => {
  test('300 MB of zeros against the real 250 MB limit is refused quickly', async () => {
    const zip = rawZip([zeroBomb('zeros.bin', 300)]);
    assert.ok(zip.length < MiB);
    const started = performance.now();
    await assert.rejects(inspectZip(zip, LAMBDA), invalidParameter('Unzipped size must be smaller than 262144000 bytes'));
    assert.ok(performance.now() - started < 1500);
  });

  test('a bomb spread over many entries exceeds the budget', async () => {
    const zip = rawZip(Array.from({ length: 12 }, (_, i) => zeroBomb(`part${i}.bin`, 1)));
    await assert.rejects(
      inspectZip(zip, { ...LAMBDA, maxUnzippedBytes: 10 * MiB }),
      invalidParameter(`Unzipped size must be smaller than ${10 * MiB} bytes`),
    );
  });

  test('an entry past the compression-ratio guard is refused even within the budget', async () => {
    const zip = rawZip([stored('ok.txt', Buffer.from('fine')), zeroBomb('zeros.bin', 5)]);
    await assert.rejects(
      inspectZip(zip, LAMBDA),
      invalidParameter("Could not unzip uploaded file. The entry 'zeros.bin' has a compression ratio above 200:1, which looks like a zip bomb."),
    );
    assert.equal((await inspectZip(zip, { ...LAMBDA, maxCompressionRatio: 2000 })).unzippedSize, 4 + 5 * MiB);
  });

  test('small highly compressible files are below the ratio threshold', async () => {
    const zeros = Buffer.alloc(512 * 1024);
    const result = await inspectZip(rawZip([deflated('sparse.bin', zeros)]), LAMBDA);
    assert.equal(result.unzippedSize, zeros.length);
  });

  test('a central directory that understates the size is caught while inflating, early', async () => {
    // 300 MB of zeros that claims to be 1000 bytes: within every limit on paper.
    const liar = patchCentral(rawZip([zeroBomb('zeros.bin', 300)]), 0, CD_UNCOMPRESSED, 1000, 4);
    const started = performance.now();
    await assert.rejects(inspectZip(liar, LAMBDA), invalidParameter(INVALID_ZIP));
    assert.ok(performance.now() - started < 1500, 'inflation must stop at the claimed size');

    // Same lie on an entry large enough to be inflated as a stream: ~4 GiB of zeros (seconds of work
    // on any machine) claiming 2 MiB.
    const streamed = patchCentral(rawZip([zeroBomb('zeros.bin', 4095, { withCrc: false })]), 0, CD_UNCOMPRESSED, 2 * MiB, 4);
    const streamStarted = performance.now();
    await assert.rejects(inspectZip(streamed, LAMBDA), invalidParameter(INVALID_ZIP));
    assert.ok(performance.now() - streamStarted < 1500, 'streamed inflation must stop at the claimed size');
  });

  test('a central directory that overstates the size is caught too', async () => {
    const content = Buffer.from('hello world');
    const zip = patchCentral(rawZip([deflated('a.txt', content)]), 0, CD_UNCOMPRESSED, 50, 4);
    await assert.rejects(inspectZip(zip, LAMBDA), invalidParameter(INVALID_ZIP));
  });
});

describe('inspectZip: performance', () => {
  test('a 5 MB package costs little more than inflating its content', async () => {
    const entries: RawEntry[] = [];
    let seed = 1;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const words = ['function', 'return', 'const', 'module', 'exports', 'require', 'async', 'await', 'value', 'index'];
    let total = 0;
    for (let i = 0; total < 5 * MiB; i++) {
      const text = Array.from({ length: 200 + (random() % 3000) }, () => `${words[random() % words.length]}${random() % 1000}`).join(' ');
      const entry = deflated(`node_modules/p${i % 97}/f${i}.js`, Buffer.from(text));
      entries.push(entry);
      total += entry.data.length;
    }
    const zip = rawZip(entries);
    // The floor is inflating and checksumming every entry; measured here, so a busy machine slows both.
    const inflateOnly = (): void => {
      for (const entry of entries) crc32(inflateRawSync(entry.data));
    };
    // Interleaved, best of five each: a load that comes and goes (other work on the machine) hits both
    // series alike, where three floors then three inspections could put a spike on one side only.
    const timed = async (run: () => unknown): Promise<number> => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };
    let floor = Infinity;
    let elapsed = Infinity;
    for (let i = 0; i < 5; i++) {
      floor = Math.min(floor, await timed(inflateOnly));
      elapsed = Math.min(elapsed, await timed(() => inspectZip(zip, LAMBDA)));
    }
    const result = await inspectZip(zip, LAMBDA);
    assert.equal(result.entryCount, entries.length);
    process.stderr.write(`# inspectZip: ${(zip.length / MiB).toFixed(1)} MB zip, ${entries.length} entries, ` +
      `${(result.unzippedSize / MiB).toFixed(1)} MB unzipped in ${elapsed.toFixed(1)} ms (bare inflate ${floor.toFixed(1)} ms)\n`);
    // A stream per entry or buffered copies would cost several times the floor.
    assert.ok(elapsed < 3 * floor + 50, `took ${elapsed.toFixed(1)} ms against ${floor.toFixed(1)} ms`);
  });
});

test('errors are InvalidParameterValueError instances (wire code and status)', async () => {
  const error = await inspectZip(new Uint8Array([1, 2, 3]), LAMBDA).catch((e: unknown) => e);
  assert.ok(error instanceof InvalidParameterValueError);
  assert.equal(error.code, 'InvalidParameterValueException');
});
