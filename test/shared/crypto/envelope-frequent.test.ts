/**
 * KeyService.sealFrequent and the "LBX2" envelope: a data key shared by many small objects for a short
 * while, each object with its own random IV and bound to its own context. Layout (bytes):
 * magic 0-4 | kekId 4-12 | wrapIv 12-24 | wrappedKey 24-56 | wrapTag 56-72 | iv 72-84 | tag 84-100 | ciphertext.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { KeyService, SHARED_KEY_MS, SHARED_KEY_USES } from '../../../src/shared/crypto/key-service.js';
import { DecryptionError } from '../../../src/shared/crypto/envelope.js';

const CONTEXT = 'async-event:000000000000:0d7f6c0e-4f5b-4c6a-9a57-5a3f0b1c2d3e';
const REGIONS: ReadonlyArray<readonly [string, number, number]> = [
  ['magic', 0, 4],
  ['KEK id', 4, 12],
  ['wrap IV', 12, 24],
  ['wrapped key', 24, 56],
  ['wrap tag', 56, 72],
  ['IV', 72, 84],
  ['tag', 84, 100],
  ['ciphertext', 100, Number.POSITIVE_INFINITY],
];
/** The shared key's wrapped form: identical for every object sealed under one shared key. */
const sharedKeyOf = (sealed: Buffer): string => sealed.subarray(4, 72).toString('hex');
/**
 * Sealed with the LBX1 code as committed before LBX2 existed (master key 32 × 0x07): stored data must
 * keep opening.
 */
const LBX1_VECTOR =
  '4c42583128e0707b6df6f42b209db61b1b2ec2da48f62e3239f5edca353e48d1fa3a3938f18f06b44d5516aed5fe117cd269ecac821b47de95855bf2c4beee93944bee422a9b4dc8251ddfdc9176bc3d123a3408a3e6b01df57125282c5e31f7e901e5e0f57805122fc7b0cf89a0e84a712070c20021911a50d81fc9329030d12ea668bab9afdd2a060955';

function flipped(sealed: Buffer, at: number): Buffer {
  const copy = Buffer.from(sealed);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

describe('sealFrequent (LBX2)', () => {
  test('round trip, in this service and in another with the same master key (a restart)', () => {
    const master = randomBytes(32);
    const keys = new KeyService(master);
    for (const plaintext of [Buffer.alloc(0), Buffer.from('{"x":1}'), randomBytes(256 * 1024)]) {
      const sealed = keys.sealFrequent(plaintext, CONTEXT);
      assert.equal(sealed.subarray(0, 4).toString('ascii'), 'LBX2');
      assert.deepEqual(keys.open(sealed, CONTEXT), plaintext);
      assert.deepEqual(new KeyService(master).open(sealed, CONTEXT), plaintext);
    }
  });

  test('context binding: another context, even a prefix or extension of it, does not open', () => {
    const keys = new KeyService(randomBytes(32));
    const sealed = keys.sealFrequent(Buffer.from('payload'), CONTEXT);
    assert.deepEqual(keys.open(sealed, CONTEXT), Buffer.from('payload'));
    for (const other of ['', CONTEXT.slice(0, -1), `${CONTEXT}0`, CONTEXT.replace('000000000000', '111111111111'), 'shared']) {
      assert.throws(() => keys.open(sealed, other), DecryptionError, `opened with context ${JSON.stringify(other)}`);
    }
    // Under one shared key, objects are still bound to their own contexts: no swapping bodies between events.
    const a = keys.sealFrequent(Buffer.from('a'), 'async-event:000000000000:a');
    const b = keys.sealFrequent(Buffer.from('b'), 'async-event:000000000000:b');
    assert.equal(sharedKeyOf(a), sharedKeyOf(b));
    assert.throws(() => keys.open(a, 'async-event:000000000000:b'), DecryptionError);
    assert.throws(() => keys.open(Buffer.concat([a.subarray(0, 72), b.subarray(72)]), 'async-event:000000000000:a'), DecryptionError);
  });

  test('tampering with any region fails, with and without the unwrapped shared key cached', () => {
    const master = randomBytes(32);
    const warm = new KeyService(master);
    const sealed = warm.sealFrequent(Buffer.from('the event payload, long enough to span blocks'), CONTEXT);
    assert.ok(warm.open(sealed, CONTEXT).length > 0, 'the shared key is now cached by `warm`');
    for (const [name, from, to] of REGIONS) {
      const end = Math.min(to, sealed.length);
      for (const at of [from, end - 1]) {
        const bad = flipped(sealed, at);
        for (const keys of [warm, new KeyService(master)]) {
          assert.throws(() => keys.open(bad, CONTEXT), DecryptionError, `${name}: byte ${at} flipped`);
        }
      }
    }
    for (const length of [0, 4, 99, 100, sealed.length - 1]) {
      assert.throws(() => warm.open(sealed.subarray(0, length), CONTEXT), DecryptionError, `truncated to ${length}`);
    }
    assert.throws(() => warm.open(Buffer.concat([sealed, Buffer.from([0])]), CONTEXT), DecryptionError, 'extended');
    // An LBX2 body presented as LBX1 (magic rewritten) fails: the wraps are bound to their format.
    const asLbx1 = Buffer.concat([Buffer.from('LBX1'), sealed.subarray(4)]);
    assert.throws(() => warm.open(asLbx1, CONTEXT), DecryptionError);
    // Even for the context whose LBX1 wrap binding would spell the shared key's (`dek:` + "shared").
    const shared = warm.sealFrequent(Buffer.from('x'), 'shared');
    assert.throws(() => warm.open(Buffer.concat([Buffer.from('LBX1'), shared.subarray(4)]), 'shared'), DecryptionError);
    const lbx1 = warm.seal(Buffer.from('x'), 'shared');
    assert.throws(() => new KeyService(master).open(Buffer.concat([Buffer.from('LBX2'), lbx1.subarray(4)]), 'shared'), DecryptionError);
    // The original still opens: the failures above did not poison the cache.
    assert.deepEqual(warm.open(sealed, CONTEXT), Buffer.from('the event payload, long enough to span blocks'));
  });

  test('an envelope from another master key does not open', () => {
    const sealed = new KeyService(randomBytes(32)).sealFrequent(Buffer.from('x'), CONTEXT);
    assert.throws(() => new KeyService(randomBytes(32)).open(sealed, CONTEXT), /sealed under another key/);
  });

  test('each object gets its own IV, across IV pool refills', () => {
    const keys = new KeyService(randomBytes(32));
    const ivs = new Set<string>();
    for (let i = 0; i < 2000; i++) ivs.add(keys.sealFrequent(Buffer.from('same'), CONTEXT).subarray(72, 84).toString('hex'));
    assert.equal(ivs.size, 2000);
  });

  test('the shared key is replaced after its use limit', () => {
    const keys = new KeyService(randomBytes(32), { sharedKeyUses: 3 });
    const sealed = Array.from({ length: 7 }, (_, i) => keys.sealFrequent(Buffer.from(`e${i}`), `${CONTEXT}:${i}`));
    const wraps = sealed.map(sharedKeyOf);
    assert.equal(new Set(wraps.slice(0, 3)).size, 1);
    assert.equal(new Set(wraps.slice(3, 6)).size, 1);
    assert.equal(new Set([wraps[0], wraps[3], wraps[6]]).size, 3);
    sealed.forEach((s, i) => assert.deepEqual(keys.open(s, `${CONTEXT}:${i}`), Buffer.from(`e${i}`)));
  });

  test('the shared key is replaced after its lifetime', () => {
    let now = 1_700_000_000_000;
    const keys = new KeyService(randomBytes(32), { now: () => now });
    const first = keys.sealFrequent(Buffer.from('1'), CONTEXT);
    now += SHARED_KEY_MS - 1;
    const second = keys.sealFrequent(Buffer.from('2'), CONTEXT);
    now += 1;
    const third = keys.sealFrequent(Buffer.from('3'), CONTEXT);
    assert.equal(sharedKeyOf(first), sharedKeyOf(second));
    assert.notEqual(sharedKeyOf(second), sharedKeyOf(third));
    assert.deepEqual(keys.open(first, CONTEXT), Buffer.from('1'));
    assert.deepEqual(keys.open(third, CONTEXT), Buffer.from('3'));
  });

  test('options cannot loosen the limits: the default of 2^20 uses applies', () => {
    const keys = new KeyService(randomBytes(32), { sharedKeyUses: SHARED_KEY_USES * 4, sharedKeyMs: SHARED_KEY_MS * 4 });
    const empty = Buffer.alloc(0);
    const first = sharedKeyOf(keys.sealFrequent(empty, 'c'));
    for (let i = 1; i < SHARED_KEY_USES - 1; i++) keys.sealFrequent(empty, 'c');
    assert.equal(sharedKeyOf(keys.sealFrequent(empty, 'c')), first, 'use 2^20 still shares the key');
    assert.notEqual(sharedKeyOf(keys.sealFrequent(empty, 'c')), first, 'use 2^20 + 1 gets a new key');
  });

  test('LBX1 envelopes still open, and seal() still writes LBX1', () => {
    const old = new KeyService(Buffer.alloc(32, 7));
    assert.equal(old.open(Buffer.from(LBX1_VECTOR, 'hex'), 'test:lbx1-vector').toString(), 'sealed by lambdabox before LBX2 existed');
    assert.throws(() => old.open(Buffer.from(LBX1_VECTOR, 'hex'), 'test:other'), DecryptionError);
    const keys = new KeyService(randomBytes(32));
    const lbx1 = keys.seal(Buffer.from('one'), 'ctx');
    const lbx2 = keys.sealFrequent(Buffer.from('two'), 'ctx');
    assert.equal(lbx1.subarray(0, 4).toString('ascii'), 'LBX1');
    assert.deepEqual(keys.open(lbx1, 'ctx'), Buffer.from('one'));
    assert.deepEqual(keys.open(lbx2, 'ctx'), Buffer.from('two'));
  });

  test('a sealed marker never appears in the envelope, in any common encoding', () => {
    const keys = new KeyService(randomBytes(32));
    const marker = `MARKER-${randomBytes(8).toString('hex')}`;
    const payload = Buffer.from(JSON.stringify({ secret: marker, again: marker }));
    for (let i = 0; i < 200; i++) {
      const sealed = keys.sealFrequent(payload, `${CONTEXT}:${i}`);
      for (const form of [sealed, Buffer.from(sealed.toString('base64')), Buffer.from(sealed.toString('hex'))]) {
        assert.equal(form.includes(marker), false);
        assert.equal(form.includes(Buffer.from(marker, 'utf16le')), false);
        assert.equal(form.includes(marker.slice(7)), false);
      }
      assert.equal(sealed.includes(Buffer.from(marker).toString('base64').slice(0, 16)), false);
    }
  });
});
