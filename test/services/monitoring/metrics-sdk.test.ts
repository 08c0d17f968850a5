/**
 * CloudWatch metrics through @aws-sdk/client-cloudwatch (JSON 1.0, awsQueryCompatible): PutMetricData read
 * back exactly by GetMetricStatistics (standard and percentile statistics, units, periods), GetMetricData
 * with math and paging, ListMetrics filters, and bad input refused with CloudWatch's errors and nothing stored.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetMetricDataCommand, GetMetricStatisticsCommand, ListMetricsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchClient, MetricDatum } from '@aws-sdk/client-cloudwatch';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { cloudWatchClient, pastMinute } from './monitoring-helpers.js';

describe('CloudWatch metrics through the JS SDK', () => {
  let fx: LambdaboxFixture;
  let cw: CloudWatchClient;
  const t0 = pastMinute(60);
  const dims = [{ Name: 'Service', Value: 'api' }, { Name: 'Stage', Value: 'prod' }];

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    cw = cloudWatchClient(fx);
  });

  after(async () => {
    cw.destroy();
    await fx.close();
  });

  const put = (data: MetricDatum[], Namespace = 'App'): Promise<unknown> => cw.send(new PutMetricDataCommand({ Namespace, MetricData: data }));

  test('values put are read back exactly: Sum, SampleCount, Minimum, Maximum, Average and percentiles', async () => {
    await put([
      { MetricName: 'Latency', Dimensions: dims, Timestamp: new Date(t0 + 1_000), Value: 1, Unit: 'Milliseconds' },
      { MetricName: 'Latency', Dimensions: [...dims].reverse(), Timestamp: new Date(t0 + 2_000), Value: 2.5, Unit: 'Milliseconds' },
      { MetricName: 'Latency', Dimensions: dims, Timestamp: new Date(t0 + 59_999), Values: [4, 10], Counts: [2, 3], Unit: 'Milliseconds' },
      { MetricName: 'Latency', Dimensions: dims, Timestamp: new Date(t0 + 60_000), Value: 100, Unit: 'Milliseconds' },
      { MetricName: 'Latency', Dimensions: dims, Timestamp: new Date(t0 + 61_000), StatisticValues: { SampleCount: 4, Sum: 40, Minimum: 5, Maximum: 15 }, Unit: 'Milliseconds' },
    ]);
    const out = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'App', MetricName: 'Latency', Dimensions: dims, StartTime: new Date(t0), EndTime: new Date(t0 + 120_000), Period: 60,
        Statistics: ['Sum', 'SampleCount', 'Minimum', 'Maximum', 'Average'],
      }),
    );
    assert.equal(out.Label, 'Latency');
    assert.deepEqual(
      out.Datapoints?.map((d) => [d.Timestamp?.getTime(), d.Sum, d.SampleCount, d.Minimum, d.Maximum, d.Average, d.Unit]),
      [
        [t0, 1 + 2.5 + 8 + 30, 7, 1, 10, 41.5 / 7, 'Milliseconds'],
        [t0 + 60_000, 140, 5, 5, 100, 28, 'Milliseconds'],
      ],
    );
    const pct = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'App', MetricName: 'Latency', Dimensions: dims, StartTime: new Date(t0), EndTime: new Date(t0 + 60_000), Period: 60,
        ExtendedStatistics: ['p50', 'p90', 'p10'],
      }),
    );
    // Samples 1, 2.5, 4, 4, 10, 10, 10: nearest rank.
    assert.deepEqual(pct.Datapoints?.[0]?.ExtendedStatistics, { p50: 4, p90: 10, p10: 1 });
    const whole = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'App', MetricName: 'Latency', Dimensions: dims, StartTime: new Date(t0), EndTime: new Date(t0 + 300_000), Period: 300, Statistics: ['SampleCount', 'Sum'],
      }),
    );
    assert.deepEqual(whole.Datapoints?.map((d) => [d.Timestamp?.getTime(), d.SampleCount, d.Sum]), [[t0, 12, 181.5]]);
  });

  test('high-resolution data (StorageResolution 1) is kept per second and read with 1-second periods', async () => {
    const t = Date.now() - 30_000 - (Date.now() % 1000);
    await put([
      { MetricName: 'Fast', Timestamp: new Date(t + 100), Value: 1, StorageResolution: 1 },
      { MetricName: 'Fast', Timestamp: new Date(t + 900), Value: 3, StorageResolution: 1 },
      { MetricName: 'Fast', Timestamp: new Date(t + 1_500), Value: 5, StorageResolution: 1 },
    ]);
    const perSecond = await cw.send(
      new GetMetricStatisticsCommand({ Namespace: 'App', MetricName: 'Fast', StartTime: new Date(t), EndTime: new Date(t + 2_000), Period: 1, Statistics: ['Sum', 'SampleCount'] }),
    );
    assert.deepEqual(perSecond.Datapoints?.map((d) => [d.Timestamp?.getTime(), d.Sum, d.SampleCount, d.Unit]), [[t, 4, 2, 'None'], [t + 1_000, 5, 1, 'None']]);
  });

  test('each unit gets its own datapoints unless Unit filters; other dimensions are another metric', async () => {
    await put([
      { MetricName: 'Mixed', Timestamp: new Date(t0), Value: 1, Unit: 'Count' },
      { MetricName: 'Mixed', Timestamp: new Date(t0), Value: 5, Unit: 'Seconds' },
      { MetricName: 'Mixed', Dimensions: [{ Name: 'X', Value: 'y' }], Timestamp: new Date(t0), Value: 99, Unit: 'Count' },
    ]);
    const base = { Namespace: 'App', MetricName: 'Mixed', StartTime: new Date(t0), EndTime: new Date(t0 + 60_000), Period: 60, Statistics: ['Sum' as const] };
    const both = await cw.send(new GetMetricStatisticsCommand(base));
    assert.deepEqual(both.Datapoints?.map((d) => [d.Unit, d.Sum]).sort(), [['Count', 1], ['Seconds', 5]]);
    const counts = await cw.send(new GetMetricStatisticsCommand({ ...base, Unit: 'Count' }));
    assert.deepEqual(counts.Datapoints?.map((d) => [d.Unit, d.Sum]), [['Count', 1]]);
  });

  test('GetMetricData: MetricStat queries, arithmetic, SUM(METRICS()), ReturnData, Label, ScanBy and paging', async () => {
    const data: MetricDatum[] = [];
    for (let i = 0; i < 3; i++) {
      data.push({ MetricName: 'Hits', Timestamp: new Date(t0 + i * 60_000), Value: 10 * (i + 1), Unit: 'Count' });
      data.push({ MetricName: 'Misses', Timestamp: new Date(t0 + i * 60_000), Value: i + 1, Unit: 'Count' });
    }
    await put(data, 'Cache');
    const stat = (id: string, name: string) => ({ Id: id, MetricStat: { Metric: { Namespace: 'Cache', MetricName: name }, Period: 60, Stat: 'Sum' } });
    const queries = [
      stat('hits', 'Hits'),
      { ...stat('misses', 'Misses'), ReturnData: false },
      { Id: 'ratio', Expression: 'misses / (hits + misses) * 100', Label: 'Miss %' },
      { Id: 'total', Expression: 'SUM(METRICS())' },
      { Id: 'peak', Expression: 'MAX(hits) + 1' },
    ];
    const out = await cw.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(t0), EndTime: new Date(t0 + 180_000), ScanBy: 'TimestampAscending' }));
    const byId = new Map(out.MetricDataResults?.map((r) => [r.Id, r]));
    assert.deepEqual([...byId.keys()], ['hits', 'ratio', 'total', 'peak']);
    assert.deepEqual(byId.get('hits')?.Values, [10, 20, 30]);
    assert.equal(byId.get('hits')?.Label, 'Hits');
    assert.deepEqual(byId.get('hits')?.Timestamps?.map((d) => d.getTime()), [t0, t0 + 60_000, t0 + 120_000]);
    assert.equal(byId.get('ratio')?.Label, 'Miss %');
    assert.deepEqual(byId.get('ratio')?.Values, [(1 / 11) * 100, (2 / 22) * 100, (3 / 33) * 100]);
    assert.deepEqual(byId.get('total')?.Values, [11, 22, 33]);
    assert.deepEqual(byId.get('peak')?.Values, [31, 31, 31]);
    assert.equal(byId.get('hits')?.StatusCode, 'Complete');
    const desc = await cw.send(new GetMetricDataCommand({ MetricDataQueries: [stat('hits', 'Hits')], StartTime: new Date(t0), EndTime: new Date(t0 + 180_000) }));
    assert.deepEqual(desc.MetricDataResults?.[0]?.Values, [30, 20, 10]);
    const page1 = await cw.send(new GetMetricDataCommand({ MetricDataQueries: [stat('hits', 'Hits')], StartTime: new Date(t0), EndTime: new Date(t0 + 180_000), MaxDatapoints: 2 }));
    assert.deepEqual(page1.MetricDataResults?.[0]?.Values, [30, 20]);
    assert.ok(page1.NextToken);
    const page2 = await cw.send(
      new GetMetricDataCommand({ MetricDataQueries: [stat('hits', 'Hits')], StartTime: new Date(t0), EndTime: new Date(t0 + 180_000), MaxDatapoints: 2, NextToken: page1.NextToken }),
    );
    assert.deepEqual(page2.MetricDataResults?.[0]?.Values, [10]);
    assert.equal(page2.NextToken, undefined);
    // FILL: a sparse series gets the value where the other MetricStat queries have points.
    await put([{ MetricName: 'Sparse', Timestamp: new Date(t0 + 1_000), Value: 5, Unit: 'Count' }], 'Cache');
    const fill = await cw.send(
      new GetMetricDataCommand({
        MetricDataQueries: [{ ...stat('hits', 'Hits'), ReturnData: false }, { ...stat('sparse', 'Sparse'), ReturnData: false }, { Id: 'f', Expression: 'FILL(sparse, 0) + hits' }],
        StartTime: new Date(t0), EndTime: new Date(t0 + 180_000), ScanBy: 'TimestampAscending',
      }),
    );
    assert.deepEqual(fill.MetricDataResults?.map((r) => [r.Id, r.Values]), [['f', [15, 20, 30]]]);
    const bad = await failure(cw.send(new GetMetricDataCommand({ MetricDataQueries: [{ Id: 'e', Expression: 'nope * 2' }], StartTime: new Date(t0), EndTime: new Date(t0 + 60_000) })));
    assert.deepEqual(bad, { name: 'ValidationException', status: 400, message: "Error in expression 'nope * 2': Unrecognized metric or expression 'nope'" });
  });

  test('ListMetrics: namespace, name and dimension filters, with and without values', async () => {
    await put([{ MetricName: 'Orders', Dimensions: [{ Name: 'Shop', Value: 'eu' }], Value: 1 }, { MetricName: 'Orders', Dimensions: [{ Name: 'Shop', Value: 'us' }], Value: 1 }], 'Shop');
    const all = await cw.send(new ListMetricsCommand({ Namespace: 'Shop' }));
    assert.deepEqual(all.Metrics?.map((m) => m.Dimensions?.[0]?.Value).sort(), ['eu', 'us']);
    const eu = await cw.send(new ListMetricsCommand({ Namespace: 'Shop', Dimensions: [{ Name: 'Shop', Value: 'eu' }] }));
    assert.deepEqual(eu.Metrics, [{ Namespace: 'Shop', MetricName: 'Orders', Dimensions: [{ Name: 'Shop', Value: 'eu' }] }]);
    const anyShop = await cw.send(new ListMetricsCommand({ MetricName: 'Orders', Dimensions: [{ Name: 'Shop' }], RecentlyActive: 'PT3H' }));
    assert.equal(anyShop.Metrics?.length, 2);
    const latency = await cw.send(new ListMetricsCommand({ Namespace: 'App', MetricName: 'Latency' }));
    assert.deepEqual(latency.Metrics?.[0]?.Dimensions, dims);
    // Data from an hour ago is not "recently active" within three hours? It is: PT3H covers it.
    const recent = await cw.send(new ListMetricsCommand({ Namespace: 'App', MetricName: 'Latency', RecentlyActive: 'PT3H' }));
    assert.equal(recent.Metrics?.length, 1);
  });

  test('bad input: CloudWatch errors, and nothing of the request is stored', async () => {
    const cases: Array<[MetricDatum[], string, { name: string; status: number; message: string }]> = [
      [[{ MetricName: 'X', Value: 1, Values: [1] }], 'Bad', { name: 'InvalidParameterCombinationException', status: 400, message: 'The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.' }],
      [[{ MetricName: 'X', Values: [1, 2], Counts: [1] }], 'Bad', { name: 'InvalidParameterCombinationException', status: 400, message: 'The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.' }],
      [[{ MetricName: 'X', Value: 1 }, { MetricName: 'Y', Value: Number.NaN }], 'Bad', { name: 'InvalidParameterValueException', status: 400, message: 'The value NaN for parameter MetricData.member.2.Value is invalid.' }],
      [[{ MetricName: 'X', Value: 1 }], 'AWS/Lambda', { name: 'InvalidParameterValueException', status: 400, message: 'The value AWS/Lambda for parameter Namespace is invalid.' }],
      [[{ MetricName: 'X', Value: 1, Dimensions: Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: 'v' })) }], 'Bad', { name: 'InvalidParameterValueException', status: 400, message: 'The collection MetricData.member.1.Dimensions must not have a size greater than 30.' }],
      [Array.from({ length: 1001 }, () => ({ MetricName: 'X', Value: 1 })), 'Bad', { name: 'InvalidParameterValueException', status: 400, message: 'The collection MetricData must not have a size greater than 1000.' }],
      [[{ MetricName: 'X', Value: 1, Timestamp: new Date(Date.now() - 15 * 24 * 3600_000) }], 'Bad', { name: 'InvalidParameterValueException', status: 400, message: 'The parameter MetricData.member.1.Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.' }],
      [[{ MetricName: 'X' }], 'Bad', { name: 'MissingRequiredParameterException', status: 400, message: 'The parameter MetricData.member.1.Value is required.' }],
    ];
    for (const [data, ns, expected] of cases) assert.deepEqual(await failure(put(data, ns)), expected);
    assert.deepEqual((await cw.send(new ListMetricsCommand({ Namespace: 'Bad' }))).Metrics, []);
    assert.deepEqual((await cw.send(new ListMetricsCommand({ Namespace: 'AWS/Lambda' }))).Metrics, []);
    const stats = { Namespace: 'App', MetricName: 'Latency', StartTime: new Date(t0), EndTime: new Date(t0 + 60_000), Period: 60 };
    assert.deepEqual(await failure(cw.send(new GetMetricStatisticsCommand(stats))), {
      name: 'InvalidParameterCombinationException', status: 400, message: 'Must specify either Statistics or ExtendedStatistics, but not both.',
    });
    assert.deepEqual(await failure(cw.send(new GetMetricStatisticsCommand({ ...stats, Statistics: ['Sum'], EndTime: new Date(t0) }))), {
      name: 'InvalidParameterValueException', status: 400, message: 'The parameter StartTime must be less than the parameter EndTime.',
    });
    assert.deepEqual(await failure(cw.send(new GetMetricStatisticsCommand({ ...stats, Statistics: ['Sum'], Period: 1, EndTime: new Date(t0 + 1441_000) }))), {
      name: 'InvalidParameterCombinationException', status: 400,
      message: 'You have requested up to 1,441 datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
    });
    assert.deepEqual(await failure(cw.send(new GetMetricStatisticsCommand({ ...stats, Statistics: ['Sum'], Period: 90 }))), {
      name: 'InvalidParameterValueException', status: 400, message: 'The value 90 for parameter Period is invalid.',
    });
    assert.deepEqual(await failure(cw.send(new GetMetricStatisticsCommand({ ...stats, ExtendedStatistics: ['p101'] }))), {
      name: 'InvalidParameterValueException', status: 400, message: 'The value p101 for parameter ExtendedStatistics.member.1 is invalid.',
    });
  });
});
