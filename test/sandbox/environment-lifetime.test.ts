/**
 * Environments have a maximum lifetime (Lambda: 14 hours, the default here): past it an idle one is not
 * reused and a busy one drains — its invocation finishes, then it goes — and the next invoke gets a new
 * environment. Only "replaced after the lifetime" is asserted: that holds however slow the machine is.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { deploy, invoke } from '../invoke/invoke-harness.js';
import { DEFAULT_MAX_LIFETIME_MS } from '../../src/sandbox/sandbox-manager.js';

const LIFETIME_MS = 1_500;

let fx: LambdaboxFixture;
let lambda: LambdaClient;

before(async () => {
  fx = await startLambdabox({ overrides: { maxLifetimeMs: LIFETIME_MS } });
  lambda = fx.lambda();
  await deploy(fx, lambda, 'aging', {
    'index.js': `
      const born = Date.now();
      const id = require('crypto').randomUUID();
      exports.handler = async (event) => {
        if (event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
        return { id, born };
      };
    `,
  });
});

after(async () => {
  await fx?.close();
});

async function environmentOf(payload: object): Promise<{ id: string; born: number }> {
  const out = await invoke(lambda, 'aging', { payload: JSON.stringify(payload) });
  assert.equal(out.status, 200, out.text);
  return out.json<{ id: string; born: number }>();
}

test('the default lifetime is Lambda\'s 14 hours', () => {
  assert.equal(DEFAULT_MAX_LIFETIME_MS, 14 * 60 * 60 * 1000);
});

test('an idle environment past its lifetime is replaced by a new one', async () => {
  const first = await environmentOf({});
  while (Date.now() - first.born <= LIFETIME_MS) await new Promise((r) => setTimeout(r, 100));
  const next = await environmentOf({});
  assert.notEqual(next.id, first.id);
});

test('a busy environment that outlives its lifetime finishes its invocation, then is replaced', async () => {
  // This invocation ends past its environment's lifetime, whatever else happens: it sleeps longer than that.
  const busy = await environmentOf({ sleepMs: LIFETIME_MS + 200 });
  const next = await environmentOf({});
  assert.notEqual(next.id, busy.id, 'the environment drained and was not reused');
});
