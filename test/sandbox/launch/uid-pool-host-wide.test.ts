/**
 * The uid pool's round robin is host-wide: a new pool (a restarted or second lambdabox process) goes
 * on where the last one left off instead of starting again at the bottom of the range, so a released
 * uid is the last to be reused whichever process asks. Real processes share the state (each child is
 * a fresh node running the compiled pool); every case uses its own temp lease directory and a uid
 * range no other test or server uses.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UidPool } from '../../../src/sandbox/launch/uid-pool.js';

const POOL_MODULE = new URL('../../../src/sandbox/launch/uid-pool.js', import.meta.url).href;

/**
 * Runs `steps` in a fresh node process against the lease directory: 'a' acquires (the uid is
 * printed), 'r' releases the oldest uid it holds. Whatever it still holds at the end is left leased,
 * as a crash would leave it.
 */
async function inChild(leaseDir: string, first: number, last: number, steps: string): Promise<number[]> {
  const script = `
    const { UidPool } = await import(${JSON.stringify(POOL_MODULE)});
    const pool = new UidPool({ first: ${first}, last: ${last} }, { leaseDir: ${JSON.stringify(leaseDir)} });
    const held = [];
    const got = [];
    for (const step of ${JSON.stringify(steps)}) {
      if (step === 'a') { const uid = pool.acquire(); held.push(uid); got.push(uid); }
      else pool.release(held.shift());
    }
    process.stdout.write(JSON.stringify(got));
  `;
  const child = spawn(process.execPath, [...process.execArgv, '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  assert.equal(code, 0, err);
  return JSON.parse(out) as number[];
}

describe('uid pool: round robin across processes', () => {
  let scratch: string;
  let n = 0;
  const leaseDir = (): string => join(scratch, `leases-${++n}`);
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'lbx-uid-order-'));
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  test('a new pool goes on after the uids an earlier one handed out and released', () => {
    const dir = leaseDir();
    const earlier = new UidPool({ first: 710000, last: 710009 }, { leaseDir: dir });
    const a = earlier.acquire();
    const b = earlier.acquire();
    earlier.release(a);
    earlier.release(b);
    const later = new UidPool({ first: 710000, last: 710009 }, { leaseDir: dir });
    assert.deepEqual([a, b], [710000, 710001]);
    assert.equal(later.acquire(), 710002, 'the new pool started again at the bottom of the range');
  });

  test('successive processes continue one host-wide turn; a dead process\'s leases are reused last, not leaked', async () => {
    const dir = leaseDir();
    // Hands out 720000 and 720001, releases the first, and dies holding the second.
    assert.deepEqual(await inChild(dir, 720000, 720004, 'aar'), [720000, 720001]);
    assert.deepEqual(await inChild(dir, 720000, 720004, 'ar'), [720002]);
    // 720001's holder is dead: its lease is taken over when the turn comes round to it.
    const pool = new UidPool({ first: 720000, last: 720004 }, { leaseDir: dir });
    assert.deepEqual([pool.acquire(), pool.acquire(), pool.acquire(), pool.acquire()], [720003, 720004, 720000, 720001]);
  });

  test('two processes acquiring and releasing at once never hand out the same uid within one turn', async () => {
    const dir = leaseDir();
    const steps = 'ar'.repeat(40);
    const [x, y] = await Promise.all([inChild(dir, 730000, 730999, steps), inChild(dir, 730000, 730999, steps)]);
    const all = [...(x ?? []), ...(y ?? [])];
    assert.equal(all.length, 80);
    assert.equal(new Set(all).size, 80, `a uid was handed out twice: ${JSON.stringify({ x, y })}`);
    // Each process sees its own uids in increasing order: one turn, shared.
    for (const list of [x ?? [], y ?? []]) assert.deepEqual([...list].sort((p, q) => p - q), list);
    assert.deepEqual(readdirSync(dir), [], 'every lease was released');
  });
});
