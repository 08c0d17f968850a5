import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConcurrencyTracker } from '../../src/invoke/concurrency.js';
import { pickAliasVersion } from '../../src/invoke/alias-routing.js';

describe('ConcurrencyTracker', () => {
  test('a reserved function runs at most its reservation and frees slots on release', () => {
    const t = new ConcurrencyTracker();
    const input = { accountId: 'a', functionName: 'f', reserved: 2, totalReserved: 2 };
    const r1 = t.admit(input);
    const r2 = t.admit(input);
    assert.throws(() => t.admit(input), (e: Error & { fields?: Record<string, unknown> }) =>
      e.name === 'TooManyRequestsException' && e.fields?.['Reason'] === 'ReservedFunctionConcurrentInvocationLimitExceeded');
    r1();
    r1();
    assert.equal(t.inFlight('a', 'f'), 1);
    const r3 = t.admit(input);
    r2();
    r3();
    assert.equal(t.inFlight('a', 'f'), 0);
  });

  test('reserved concurrency 0 throttles every invoke', () => {
    const t = new ConcurrencyTracker();
    assert.throws(() => t.admit({ accountId: 'a', functionName: 'f', reserved: 0, totalReserved: 0 }), /Rate Exceeded/);
  });

  test('unreserved functions share the account limit minus all reservations', () => {
    const t = new ConcurrencyTracker({ accountLimit: 5 });
    const releases = [1, 2].map((i) => t.admit({ accountId: 'a', functionName: `f${i}`, reserved: null, totalReserved: 3 }));
    assert.throws(() => t.admit({ accountId: 'a', functionName: 'f3', reserved: null, totalReserved: 3 }), (e: Error & { fields?: Record<string, unknown> }) =>
      e.fields?.['Reason'] === 'ConcurrentInvocationLimitExceeded');
    // Another account has its own pool.
    t.admit({ accountId: 'b', functionName: 'f1', reserved: null, totalReserved: 0 })();
    for (const r of releases) r();
    t.admit({ accountId: 'a', functionName: 'f3', reserved: null, totalReserved: 3 })();
  });
});

describe('pickAliasVersion', () => {
  test('no routing config always picks the alias version', () => {
    assert.equal(pickAliasVersion('1', null, () => 0), '1');
  });
  test('the additional version gets its weight of the draws', () => {
    assert.equal(pickAliasVersion('1', { '2': 0.3 }, () => 0.29), '2');
    assert.equal(pickAliasVersion('1', { '2': 0.3 }, () => 0.3), '1');
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    let twos = 0;
    for (let i = 0; i < 10_000; i++) if (pickAliasVersion('1', { '2': 0.25 }, random) === '2') twos++;
    assert.ok(twos > 2300 && twos < 2700, `got ${twos}`);
  });
});
