/** inspectZip on hostile entry names and symbolic links; extraction re-checks the same cases on disk. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectZip } from '../../../src/shared/zip/inspect-zip.js';
import { CD_EXTERNAL_ATTRS, dir, file, invalidParameter, link, patchCentral, rawZip, stored, unixAttrs, zipOf } from './zip-fixtures.js';

const LAMBDA = { maxZippedBytes: 52428800, maxUnzippedBytes: 262144000 } as const;

describe('inspectZip: hostile names', () => {
  const escapes: Array<[string, string]> = [
    ['../evil', 'points outside the deployment package'],
    ['a/../../evil', 'points outside the deployment package'],
    ['..\\evil', 'points outside the deployment package'],
    ['a\\..\\..\\evil', 'points outside the deployment package'],
    ['/etc/passwd', 'has an absolute path, which points outside the deployment package'],
    ['\\windows\\evil', 'has an absolute path, which points outside the deployment package'],
    ['C:/evil', 'has an absolute path, which points outside the deployment package'],
    ['c:\\evil', 'has an absolute path, which points outside the deployment package'],
  ];
  for (const [name, problem] of escapes) {
    test(`rejects '${name}'`, async () => {
      const zip = zipOf({ 'ok.txt': file('ok'), [name]: file('evil') });
      const shown = name;
      await assert.rejects(inspectZip(zip, LAMBDA), invalidParameter(`Could not unzip uploaded file. The entry '${shown}' ${problem}.`));
    });
  }

  test('rejects a NUL byte in a name, shown escaped', async () => {
    const zip = rawZip([stored('a\u0000b.js', Buffer.from('x'))]);
    await assert.rejects(
      inspectZip(zip, LAMBDA),
      invalidParameter("Could not unzip uploaded file. The entry 'a\\u0000b.js' has a name that contains a NUL character."),
    );
  });

  test('rejects device nodes and FIFOs', async () => {
    for (const mode of [0o020644, 0o060644, 0o010644, 0o140644]) {
      const zip = patchCentral(zipOf({ 'dev/x': file('') }), 0, CD_EXTERNAL_ATTRS, unixAttrs(mode), 4);
      await assert.rejects(inspectZip(zip, LAMBDA), invalidParameter(/The entry 'dev\/x' is a device, FIFO or socket/));
    }
  });

  test('rejects a name too long for the filesystem', async () => {
    await assert.rejects(inspectZip(zipOf({ [`${'a'.repeat(256)}.js`]: file('x') }), LAMBDA), invalidParameter(/has a name that is too long/));
  });
});

describe('inspectZip: symbolic links', () => {
  const rejected: Array<[string, Record<string, ReturnType<typeof file>>, RegExp]> = [
    ['an absolute target', { 'etc': link('/etc') }, /The symbolic link 'etc' has an absolute target/],
    ['a target leaving the root', { 'up': link('..') }, /The symbolic link 'up' points outside the deployment package/],
    ['a target leaving the root from a subdirectory', { 'a/b/up': link('../../../x') }, /The symbolic link 'a\/b\/up' points outside/],
    ['an escape through another link', { 'x/l': link('..'), 'y': link('x/l/..') }, /The symbolic link 'y' points outside/],
    ['an escape through a chain of links', { 'a': link('b/c'), 'b/c': link('../d'), 'd': link('../../out') }, /points outside/],
    ['a link loop', { 'a': link('b'), 'b': link('a') }, /too many levels of symbolic links/],
    ['an empty target', { 'e': link('') }, /The symbolic link 'e' has an empty target/],
    ['an entry beneath a link', { 'lib': link('real'), 'real/': dir(), 'lib/evil.js': file('x') }, /The entry 'lib\/evil.js' is inside the symbolic link 'lib'/],
  ];
  for (const [label, files, message] of rejected) {
    test(`rejects ${label}`, async () => {
      await assert.rejects(inspectZip(zipOf(files), LAMBDA), invalidParameter(message));
    });
  }

  test('rejects entries that would replace a symbolic link, in either order', async () => {
    const linkFirst = rawZip([{ ...stored('a', Buffer.from('b')), externalAttrs: unixAttrs(0o120777) }, stored('a', Buffer.from('x'))]);
    const linkLast = rawZip([stored('a', Buffer.from('x')), { ...stored('a', Buffer.from('b')), externalAttrs: unixAttrs(0o120777) }]);
    for (const zip of [linkFirst, linkLast]) {
      await assert.rejects(inspectZip(zip, LAMBDA), invalidParameter(/The entry 'a' appears more than once and would replace a symbolic link/));
    }
  });

  test('rejects a file and a directory at one path', async () => {
    await assert.rejects(inspectZip(zipOf({ 'a': file('1'), 'a/b': file('2') }), LAMBDA), invalidParameter(/The entry 'a\/b' conflicts with the file 'a'/));
    await assert.rejects(inspectZip(zipOf({ 'a/b': file('1'), 'a': file('2') }), LAMBDA), invalidParameter(/The entry 'a' conflicts with another entry/));
  });

  test('rejects targets that are not UTF-8 or longer than PATH_MAX', async () => {
    const symlink = { externalAttrs: unixAttrs(0o120777) };
    await assert.rejects(
      inspectZip(rawZip([{ ...stored('bad', Buffer.from([0x61, 0xff, 0x62])), ...symlink }]), LAMBDA),
      invalidParameter("Could not unzip uploaded file. The symbolic link 'bad' has a target that is not valid UTF-8."),
    );
    await assert.rejects(
      inspectZip(rawZip([{ ...stored('long', Buffer.alloc(4096, 0x61)), ...symlink }]), LAMBDA),
      invalidParameter("Could not unzip uploaded file. The symbolic link 'long' has a target longer than 4095 bytes."),
    );
  });

  test('accepts links that stay inside, including through other links', async () => {
    const zip = zipOf({
      'lib/v1/a.js': file('1'),
      'lib/current': link('v1'),
      'lib/alias': link('./current/../v1/a.js'),
      'node_modules/.bin/tool': link('../pkg/cli.js'),
      'node_modules/pkg/cli.js': file('2', 0o100755),
      'dangling': link('does/not/exist'),
    });
    const result = await inspectZip(zip, LAMBDA);
    assert.deepEqual(
      result.entries.filter((e) => e.type === 'symlink').map((e) => [e.path, e.linkTarget]),
      [['lib/current', 'v1'], ['lib/alias', './current/../v1/a.js'], ['node_modules/.bin/tool', '../pkg/cli.js'], ['dangling', 'does/not/exist']],
    );
  });
});
