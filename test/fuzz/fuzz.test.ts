/**
 * Bad-input fuzz of every operation we serve (issue 10 point 13), driven by the botocore models Debian's
 * awscli ships: a bounded, seeded run here; `npm run fuzz -- --cases N [--seed S]` runs longer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { formatReport, runFuzz } from './fuzz-run.js';

const CASES = 2000;
const SEED = 20261206;

describe('bad-input fuzz', () => {
  let fx: LambdaboxFixture;

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
  });

  after(async () => {
    await fx.close();
  });

  test('every served operation: no 5xx, no crash, AWS-shaped errors, rejected requests change nothing', async (t) => {
    const report = await runFuzz(fx, { cases: CASES, seed: SEED });
    const text = formatReport(report);
    for (const line of text.split('\n')) t.diagnostic(line);
    assert.equal(report.cases, CASES);
    assert.ok(report.served > 100, `only ${report.served} operations served`);
    assert.equal(report.operations, report.served, 'every served operation gets cases');
    assert.deepEqual(report.findings, [], text);
  });
});
