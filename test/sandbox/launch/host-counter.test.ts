/** The lock-free host-wide counter behind the uid pool's round robin (host-counter.ts). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostCounter } from '../../../src/sandbox/launch/host-counter.js';

describe('HostCounter', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lbx-counter-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('counts up from 0 across instances and keeps only its top file', () => {
    const a = new HostCounter(dir);
    const b = new HostCounter(dir);
    assert.deepEqual([a.next(), b.next(), a.next(), b.next()], [0, 1, 2, 3]);
    assert.deepEqual(readdirSync(dir), ['3']);
  });

  test('files below the top (a caller that died before pruning) and foreign names neither lower the count nor stay', () => {
    writeFileSync(join(dir, '1'), '');
    writeFileSync(join(dir, 'notes'), '');
    const c = new HostCounter(dir);
    assert.equal(c.next(), 4);
    assert.deepEqual(readdirSync(dir).sort(), ['4', 'notes']);
  });
});
