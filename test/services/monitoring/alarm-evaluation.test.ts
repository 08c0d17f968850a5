/**
 * The evaluation of one alarm, DatapointsToAlarm 3 of EvaluationPeriods 5, on the rows of AWS's missing-data
 * examples ("Configuring how CloudWatch alarms treat missing data"; missing points used as few times as
 * possible), and the reason texts CloudWatch writes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateAlarm } from '../../../src/services/monitoring/alarms/alarm-evaluation.js';
import type { PeriodValue } from '../../../src/services/monitoring/alarms/alarm-evaluation.js';
import type { AlarmRecord } from '../../../src/services/monitoring/alarms/alarm-record.js';

const T = Date.UTC(2026, 11, 7, 15, 30, 0);

function alarm(treat: string, m = 3, n = 5): AlarmRecord {
  return {
    AlarmName: 'a', AlarmArn: 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:a', AlarmConfigurationUpdatedTimestamp: 0, ActionsEnabled: true,
    OKActions: [], AlarmActions: [], InsufficientDataActions: [], StateValue: 'OK', StateReason: '', StateUpdatedTimestamp: 0, StateTransitionedTimestamp: 0,
    MetricName: 'm', Namespace: 'n', Statistic: 'Maximum', Dimensions: [], Period: 60, EvaluationPeriods: n, DatapointsToAlarm: m, Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: treat, Tags: [],
  };
}

/** `0` not breaching, `X` breaching, `-` missing; oldest first, as the AWS table writes them. */
function row(text: string): PeriodValue[] {
  const cells = text.split(' ');
  return cells
    .map((c, i) => ({ ts: T - (cells.length - i) * 60_000, ...(c === '-' ? {} : { value: c === 'X' ? 5 : 0 }) }))
    .reverse();
}

const TABLE: ReadonlyArray<[string, string, string, string, string]> = [
  // data points   missing              ignore     breaching  notBreaching
  ['0 - X - X', 'OK', 'OK', 'OK', 'OK'],
  ['- - - - 0', 'OK', 'OK', 'OK', 'OK'],
  ['- - - - -', 'INSUFFICIENT_DATA', 'keep', 'ALARM', 'OK'],
  ['0 X X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['- - X - -', 'ALARM', 'keep', 'ALARM', 'OK'],
];

test('the missing-data rows, treatment by treatment', () => {
  for (const [data, ...expected] of TABLE) {
    ['missing', 'ignore', 'breaching', 'notBreaching'].forEach((treat, i) => {
      const result = evaluateAlarm(alarm(treat), row(data), T);
      assert.equal(result?.state ?? 'keep', expected[i], `${data} with ${treat}`);
    });
  }
});

test('reasons as CloudWatch writes them', () => {
  const one = evaluateAlarm(alarm('missing', 1, 1), [{ ts: T - 60_000, value: 2 }], T);
  assert.equal(one?.reason, 'Threshold Crossed: 1 datapoint [2.0 (07/12/26 15:29:00)] was greater than or equal to the threshold (1.0).');
  const mOfN = evaluateAlarm(alarm('missing', 2, 3), row('X 0 X'), T);
  assert.equal(
    mOfN?.reason,
    'Threshold Crossed: 2 out of the last 3 datapoints [5.0 (07/12/26 15:29:00), 5.0 (07/12/26 15:27:00)] were greater than or equal to the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).',
  );
  const ok = evaluateAlarm(alarm('missing', 2, 3), row('X 0 0'), T);
  assert.equal(ok?.state, 'OK');
  assert.match(ok?.reason ?? '', /^Threshold Crossed: 3 out of the last 3 datapoints \[0\.0 .*\] were not greater than or equal to the threshold \(1\.0\) \(minimum 2 datapoints for ALARM -> OK transition\)\.$/);
  assert.equal(evaluateAlarm(alarm('missing', 1, 5), row('- - - - -'), T)?.reason, 'Insufficient Data: 5 datapoints were unknown.');
  assert.equal(
    evaluateAlarm(alarm('breaching', 1, 1), row('-'), T)?.reason,
    'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [Breaching].',
  );
  const data = JSON.parse(one?.reasonData ?? '{}') as Record<string, unknown>;
  assert.deepEqual(data, {
    version: '1.0', queryDate: '2026-12-07T15:30:00.000+0000', startDate: '2026-12-07T15:29:00.000+0000', statistic: 'Maximum', period: 60,
    recentDatapoints: [2], threshold: 1, evaluatedDatapoints: [{ timestamp: '2026-12-07T15:29:00.000+0000', value: 2 }],
  });
});
