/** An alarm as DescribeAlarms answers it (MetricAlarm). */
import type { AlarmRecord } from '../alarms/alarm-record.js';

export function metricAlarmView(a: AlarmRecord): Record<string, unknown> {
  return {
    AlarmName: a.AlarmName,
    AlarmArn: a.AlarmArn,
    AlarmDescription: a.AlarmDescription,
    AlarmConfigurationUpdatedTimestamp: new Date(a.AlarmConfigurationUpdatedTimestamp),
    ActionsEnabled: a.ActionsEnabled,
    OKActions: a.OKActions,
    AlarmActions: a.AlarmActions,
    InsufficientDataActions: a.InsufficientDataActions,
    StateValue: a.StateValue,
    StateReason: a.StateReason,
    StateReasonData: a.StateReasonData,
    StateUpdatedTimestamp: new Date(a.StateUpdatedTimestamp),
    MetricName: a.MetricName,
    Namespace: a.Namespace,
    Statistic: a.Statistic,
    ExtendedStatistic: a.ExtendedStatistic,
    Dimensions: a.Metrics === undefined ? a.Dimensions : undefined,
    Period: a.Period,
    Unit: a.Unit,
    EvaluationPeriods: a.EvaluationPeriods,
    DatapointsToAlarm: a.DatapointsToAlarm,
    Threshold: a.Threshold,
    ComparisonOperator: a.ComparisonOperator,
    TreatMissingData: a.TreatMissingData,
    EvaluateLowSampleCountPercentile: a.EvaluateLowSampleCountPercentile,
    Metrics: a.Metrics?.map((m) => ({
      Id: m.Id,
      MetricStat: m.MetricStat,
      Expression: m.Expression,
      Label: m.Label,
      ReturnData: m.ReturnData,
      Period: m.Period,
      AccountId: m.AccountId,
    })),
    StateTransitionedTimestamp: new Date(a.StateTransitionedTimestamp),
  };
}
