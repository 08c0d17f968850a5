/** Embedded Metric Format lines: what becomes metric data, and what invalid EMF leaves as a plain log line. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { embeddedMetrics } from '../../../src/invoke/telemetry/embedded-metrics.js';

const NOW = 1_765_000_000_000;

function emf(over: Record<string, unknown> = {}, directive: Record<string, unknown> = {}): string {
  return JSON.stringify({
    _aws: {
      Timestamp: NOW - 5_000,
      CloudWatchMetrics: [
        { Namespace: 'Shop', Dimensions: [['Service'], ['Service', 'Stage']], Metrics: [{ Name: 'Latency', Unit: 'Milliseconds' }], ...directive },
      ],
    },
    Service: 'cart',
    Stage: 'prod',
    Latency: 42,
    ...over,
  });
}

describe('embedded metric format', () => {
  test('one datum per metric per dimension set, at the line\'s timestamp', () => {
    const [m, ...rest] = embeddedMetrics(emf(), NOW);
    assert.equal(rest.length, 0);
    assert.equal(m?.namespace, 'Shop');
    assert.deepEqual(m?.data, [
      { MetricName: 'Latency', Dimensions: [{ Name: 'Service', Value: 'cart' }], Timestamp: NOW - 5_000, Unit: 'Milliseconds', Value: 42, StorageResolution: 60 },
      {
        MetricName: 'Latency',
        Dimensions: [{ Name: 'Service', Value: 'cart' }, { Name: 'Stage', Value: 'prod' }],
        Timestamp: NOW - 5_000,
        Unit: 'Milliseconds',
        Value: 42,
        StorageResolution: 60,
      },
    ]);
  });

  test('arrays of values, high resolution, and no dimension sets', () => {
    const [m] = embeddedMetrics(emf({ Latency: [1, 2, 3] }, { Dimensions: [], Metrics: [{ Name: 'Latency', StorageResolution: 1 }] }), NOW);
    assert.deepEqual(m?.data, [{ MetricName: 'Latency', Timestamp: NOW - 5_000, Unit: 'None', Values: [1, 2, 3], StorageResolution: 1 }]);
  });

  test('invalid EMF yields nothing', () => {
    const invalid = [
      'plain text',
      '{"no":"aws"}',
      '{"_aws": {broken',
      emf({ Latency: 'fast' }),
      emf({ Service: 7 }),
      emf({}, { Namespace: 'AWS/Lambda' }),
      emf({}, { Metrics: [{ Name: 'Latency', StorageResolution: 5 }] }),
      emf({ Latency: Array.from({ length: 101 }, () => 1) }),
      emf({}, { Dimensions: [Array.from({ length: 31 }, (_, i) => `d${i}`)] }),
      JSON.stringify({ _aws: { Timestamp: 'now', CloudWatchMetrics: [] } }),
    ];
    for (const line of invalid) assert.deepEqual(embeddedMetrics(line, NOW), [], line);
  });

  test('after the Node runtime\'s text-format prefix, as console.log writes it', () => {
    const [m] = embeddedMetrics(`2026-12-07T10:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tINFO\t${emf()}`, NOW);
    assert.equal(m?.data.length, 2);
    assert.deepEqual(embeddedMetrics(`some words\t${emf()}`, NOW), []);
  });

  test('no timestamp: the time the line was received', () => {
    const line = JSON.stringify({ _aws: { CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [], Metrics: [{ Name: 'm' }] }] }, m: 1 });
    assert.equal(embeddedMetrics(line, NOW)[0]?.data[0]?.Timestamp, NOW);
  });
});
