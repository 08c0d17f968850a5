/**
 * The state-change event an alarm action receives, as CloudWatch sends it to a Lambda alarm action
 * (AmazonCloudWatch User Guide, "Lambda alarm actions"): source, alarmArn, accountId, time, region and
 * alarmData with the new and previous state and the alarm's configuration (its metrics as MetricDataQueries).
 * SQS actions get the same JSON as the message body.
 */
import type { AlarmRecord } from './alarm-record.js';
import { eventTime } from './aws-text.js';

export interface StateSnapshot {
  readonly value: string;
  readonly reason: string;
  readonly reasonData?: string;
  /** Epoch ms. */
  readonly timestamp: number;
}

function state(s: StateSnapshot): Record<string, unknown> {
  return { value: s.value, reason: s.reason, ...(s.reasonData === undefined ? {} : { reasonData: s.reasonData }), timestamp: eventTime(s.timestamp) };
}

function dimensionMap(dims: ReadonlyArray<{ Name: string; Value: string }>): Record<string, string> {
  return Object.fromEntries(dims.map((d) => [d.Name, d.Value]));
}

function metrics(alarm: AlarmRecord): Array<Record<string, unknown>> {
  if (alarm.Metrics !== undefined) {
    return alarm.Metrics.map((m) => ({
      id: m.Id,
      ...(m.MetricStat === undefined
        ? {}
        : {
            metricStat: {
              metric: { namespace: m.MetricStat.Metric.Namespace, name: m.MetricStat.Metric.MetricName, dimensions: dimensionMap(m.MetricStat.Metric.Dimensions) },
              period: m.MetricStat.Period,
              stat: m.MetricStat.Stat,
              ...(m.MetricStat.Unit === undefined ? {} : { unit: m.MetricStat.Unit }),
            },
          }),
      ...(m.Expression === undefined ? {} : { expression: m.Expression }),
      ...(m.Label === undefined ? {} : { label: m.Label }),
      returnData: m.ReturnData !== false,
    }));
  }
  return [
    {
      // CloudWatch names the single metric of a classic alarm with a generated id.
      id: 'm1',
      metricStat: {
        metric: { namespace: alarm.Namespace ?? '', name: alarm.MetricName ?? '', dimensions: dimensionMap(alarm.Dimensions) },
        period: alarm.Period ?? 60,
        stat: alarm.Statistic ?? alarm.ExtendedStatistic ?? '',
        ...(alarm.Unit === undefined ? {} : { unit: alarm.Unit }),
      },
      returnData: true,
    },
  ];
}

export function alarmStateEvent(alarm: AlarmRecord, accountId: string, region: string, current: StateSnapshot, previous: StateSnapshot): string {
  return JSON.stringify({
    source: 'aws.cloudwatch',
    alarmArn: alarm.AlarmArn,
    accountId,
    time: eventTime(current.timestamp),
    region,
    alarmData: {
      alarmName: alarm.AlarmName,
      state: state(current),
      previousState: state(previous),
      configuration: { ...(alarm.AlarmDescription === undefined ? {} : { description: alarm.AlarmDescription }), metrics: metrics(alarm) },
    },
  });
}
