import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractZip } from '../../../src/shared/zip/extract-zip.js';
import {
  CD_CRC,
  INVALID_ZIP,
  deflated,
  dir,
  file,
  invalidParameter,
  link,
  patchCentral,
  rawZip,
  stored,
  unixAttrs,
  zeroBomb,
  zipOf,
} from './zip-fixtures.js';

const LAMBDA = { maxZippedBytes: 52428800, maxUnzippedBytes: 262144000 } as const;

let scratch = '';
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'lambdabox-zip-'));
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A fresh `parent/task` pair; `parent` also holds a sentinel file an escape would clobber. */
async function workspace(): Promise<{ parent: string; dest: string }> {
  const parent = await mkdtemp(join(scratch, 'ws-'));
  const dest = join(parent, 'task');
  await mkdir(dest);
  await writeFile(join(parent, 'sentinel'), 'untouched');
  return { parent, dest };
}

/** The parent holds exactly what workspace() put there, unchanged, and `dest` is empty. */
async function assertNothingEscaped(parent: string, dest: string): Promise<void> {
  assert.deepEqual((await readdir(parent)).sort(), ['sentinel', 'task']);
  assert.equal(await readFile(join(parent, 'sentinel'), 'utf8'), 'untouched');
  assert.deepEqual(await readdir(dest), []);
}

const modeOf = async (path: string): Promise<number> => (await lstat(path)).mode & 0o7777;

describe('extractZip: a valid package', () => {
  test('writes files, directories, modes and inner symlinks', async () => {
    const { dest } = await workspace();
    const zip = zipOf({
      'bin/': dir(),
      'bin/bootstrap': file('#!/bin/sh\necho hi\n', 0o100755),
      'index.js': file('exports.handler = async () => 1;\n', 0o100600),
      'lib/v1/util.js': file('module.exports = 2;\n'),
      'lib/current': link('v1'),
      'suid': file('x', 0o104777),
    });
    const result = await extractZip(zip, dest, LAMBDA);
    assert.equal(result.entryCount, 6);
    assert.equal(await readFile(join(dest, 'bin/bootstrap'), 'utf8'), '#!/bin/sh\necho hi\n');
    assert.equal(await modeOf(join(dest, 'bin/bootstrap')), 0o755);
    assert.equal(await modeOf(join(dest, 'index.js')), 0o644);
    assert.equal(await modeOf(join(dest, 'suid')), 0o755, 'setuid and world-write bits are dropped');
    assert.equal(await modeOf(join(dest, 'bin')), 0o755);
    assert.equal(await modeOf(join(dest, 'lib')), 0o755, 'implied parent directories too');
    assert.equal(await readlink(join(dest, 'lib/current')), 'v1');
    assert.equal(await readFile(join(dest, 'lib/current/util.js'), 'utf8'), 'module.exports = 2;\n');
  });

  test('modes are exact whatever the process umask', async () => {
    const { dest } = await workspace();
    const previous = process.umask(0o077);
    try {
      await extractZip(zipOf({ 'd/a.sh': file('x', 0o100755), 'd/b.txt': file('y') }), dest, LAMBDA);
    } finally {
      process.umask(previous);
    }
    assert.equal(await modeOf(join(dest, 'd')), 0o755);
    assert.equal(await modeOf(join(dest, 'd/a.sh')), 0o755);
    assert.equal(await modeOf(join(dest, 'd/b.txt')), 0o644);
  });

  test('a later duplicate of a file wins', async () => {
    const { dest } = await workspace();
    await extractZip(rawZip([stored('a.txt', Buffer.from('first')), stored('a.txt', Buffer.from('second'))]), dest, LAMBDA);
    assert.equal(await readFile(join(dest, 'a.txt'), 'utf8'), 'second');
  });

  test('large entries are streamed to disk intact', async () => {
    const { dest } = await workspace();
    const content = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < content.length; i++) content[i] = (i >>> 3) & 0xff ^ (i % 13);
    await extractZip(rawZip([deflated('big.bin', content)]), dest, LAMBDA);
    assert.ok((await readFile(join(dest, 'big.bin'))).equals(content));
  });

  test('refuses a destination that is not empty', async () => {
    const { dest } = await workspace();
    await writeFile(join(dest, 'existing'), 'x');
    await assert.rejects(extractZip(zipOf({ 'a': file('1') }), dest, LAMBDA), /is not empty/);
    assert.equal(await readFile(join(dest, 'existing'), 'utf8'), 'x');
  });
});

describe('extractZip: never writes outside the destination', () => {
  const attacks: Array<[string, () => Uint8Array, RegExp | string]> = [
    ['../ names', () => zipOf({ 'ok.txt': file('1'), '../sentinel': file('pwned') }), /The entry '..\/sentinel' points outside/],
    ['backslash ../ names', () => zipOf({ 'ok.txt': file('1'), '..\\sentinel': file('pwned') }), /points outside/],
    ['absolute names', () => zipOf({ [`${scratch}/abs-pwned`]: file('pwned') }), /has an absolute path/],
    ['a symlink to the parent', () => zipOf({ 'up': link('..') }), /The symbolic link 'up' points outside/],
    ['an absolute symlink', () => zipOf({ 'etc': link('/etc') }), /has an absolute target/],
    [
      'a symlink followed by a file written through it',
      () => zipOf({ 'ok.txt': file('1'), 'out': link('..'), 'out/sentinel': file('pwned') }),
      /The entry 'out\/sentinel' is inside the symbolic link 'out'/,
    ],
    [
      'an inside-pointing symlink used as a directory by a later entry',
      () => zipOf({ 'real/': dir(), 'alias': link('real'), 'alias/x.js': file('pwned') }),
      /The entry 'alias\/x.js' is inside the symbolic link 'alias'/,
    ],
    [
      'a symlink replaced by a file of the same name',
      () => rawZip([{ ...stored('l', Buffer.from('..')), externalAttrs: unixAttrs(0o120777) }, stored('l', Buffer.from('pwned'))]),
      /would replace a symbolic link/,
    ],
    [
      'a symlink escaping through another symlink',
      () => zipOf({ 'a/': dir(), 'a/up': link('..'), 'esc': link('a/up/..'), 'data.txt': file('1') }),
      /The symbolic link 'esc' points outside/,
    ],
    ['a zip bomb', () => rawZip([stored('ok.txt', Buffer.from('1')), zeroBomb('zeros.bin', 12)]), /Unzipped size must be smaller than 10485760 bytes/],
    ['a corrupt entry after good ones', () => patchCentral(zipOf({ 'a.txt': file('1'), 'b/c.txt': file('2') }), 1, CD_CRC, 1, 4), INVALID_ZIP],
  ];
  for (const [label, build, message] of attacks) {
    test(`rejects ${label}, leaving the parent untouched and the destination empty`, async () => {
      const { parent, dest } = await workspace();
      await assert.rejects(extractZip(build(), dest, { ...LAMBDA, maxUnzippedBytes: 10 * 1024 * 1024 }), invalidParameter(message));
      await assertNothingEscaped(parent, dest);
      await assert.rejects(stat(join(scratch, 'abs-pwned')), { code: 'ENOENT' });
    });
  }

  test('a destination reached through a symlink is resolved once, and links inside stay inside', async () => {
    const { parent, dest } = await workspace();
    const viaLink = join(parent, 'via');
    await symlink(dest, viaLink);
    await extractZip(zipOf({ 'x/y.txt': file('1'), 'x/z': link('y.txt') }), viaLink, LAMBDA);
    assert.equal(await realpath(join(dest, 'x/z')), join(await realpath(dest), 'x/y.txt'));
  });
});
