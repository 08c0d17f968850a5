/**
 * PutMetricAlarm: creates an alarm (state INSUFFICIENT_DATA, "Unchecked: Initial alarm creation") or
 * replaces an existing one's configuration, keeping its state and, as AWS documents, ignoring Tags on an
 * update. One metric (MetricName/Namespace/Statistic/Period) or the Metrics-array form (MetricStat queries
 * and math, exactly one with ReturnData). Action ARNs are checked (alarms/action-arns.ts).
 */
import type { MonitoringInput } from '../api/monitoring-input.js';
import type { MonitoringCall, MonitoringDeps } from '../monitoring-deps.js';
import { alarmResource, authorizeMonitoring } from '../monitoring-deps.js';
import { LimitExceededError, missingParameter, validationError } from '../monitoring-errors.js';
import type { AlarmRecord } from '../alarms/alarm-record.js';
import { alarmArn, toAlarmRecord, toAlarmRow } from '../alarms/alarm-record.js';
import { COMPARISON_OPERATORS } from '../alarms/alarm-evaluation.js';
import { parseActionArn } from '../alarms/action-arns.js';
import { checkLength, checkNamespace, checkPeriod, collectionTooLarge, isStatistic, readDimensions, readUnit } from './metric-checks.js';
import { readMetricQueries } from './metric-queries.js';
import { readTags } from './alarm-tags.js';
import { isPercentile } from '../metrics/statistics.js';

const TREATMENTS = ['breaching', 'notBreaching', 'ignore', 'missing'];
const MAX_ALARMS = 10_000;
const MAX_EVALUATION_SECONDS = 7 * 24 * 3600;

function readActions(input: MonitoringInput, member: string, region: string, accountId: string): string[] {
  const arns = input.strings(member) ?? [];
  if (arns.length > 5) throw collectionTooLarge(member, 5);
  arns.forEach((arn, i) => {
    checkLength(input, `${member}.member.${i + 1}`, arn, 1, 1024);
    parseActionArn(arn, region, accountId);
  });
  return arns;
}

type Config = Omit<AlarmRecord, 'AlarmArn' | 'StateValue' | 'StateReason' | 'StateReasonData' | 'StateUpdatedTimestamp' | 'StateTransitionedTimestamp' | 'Tags' | 'AlarmConfigurationUpdatedTimestamp'>;

function readConfig(deps: MonitoringDeps, accountId: string, input: MonitoringInput, name: string): Config {
  const description = input.string('AlarmDescription');
  if (description !== undefined) checkLength(input, 'AlarmDescription', description, 0, 1024);
  const evaluationPeriods = input.int('EvaluationPeriods');
  if (evaluationPeriods === undefined) throw missingParameter('EvaluationPeriods');
  if (evaluationPeriods < 1) throw validationError(`1 validation error detected: Value '${evaluationPeriods}' at 'evaluationPeriods' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  const datapointsToAlarm = input.int('DatapointsToAlarm');
  if (datapointsToAlarm !== undefined && (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods)) {
    throw validationError('DatapointsToAlarm must be greater than 0 and less than or equal to EvaluationPeriods.');
  }
  const comparison = input.requiredString('ComparisonOperator');
  if (!COMPARISON_OPERATORS.includes(comparison)) {
    throw validationError(`1 validation error detected: Value '${comparison}' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [${COMPARISON_OPERATORS.join(', ')}]`);
  }
  const threshold = input.number('Threshold');
  if (input.has('ThresholdMetricId')) throw validationError('ThresholdMetricId (anomaly detection bands) is not supported by this server.');
  if (threshold === undefined) throw validationError('Threshold is required for alarms that are not based on anomaly detection models.');
  if (!Number.isFinite(threshold)) throw validationError(`The value ${threshold} for parameter Threshold is invalid.`);
  const treat = input.string('TreatMissingData');
  if (treat !== undefined && !TREATMENTS.includes(treat)) {
    throw validationError(`The value ${treat} for parameter TreatMissingData is invalid. Valid values are: ${TREATMENTS.join(', ')}.`);
  }
  const lowSample = input.string('EvaluateLowSampleCountPercentile');
  if (lowSample !== undefined && lowSample !== 'evaluate' && lowSample !== 'ignore') {
    throw validationError(`The value ${lowSample} for parameter EvaluateLowSampleCountPercentile is invalid.`);
  }
  const base = {
    AlarmName: name,
    ...(description === undefined ? {} : { AlarmDescription: description }),
    ActionsEnabled: input.bool('ActionsEnabled') ?? true,
    OKActions: readActions(input, 'OKActions', deps.region, accountId),
    AlarmActions: readActions(input, 'AlarmActions', deps.region, accountId),
    InsufficientDataActions: readActions(input, 'InsufficientDataActions', deps.region, accountId),
    EvaluationPeriods: evaluationPeriods,
    ...(datapointsToAlarm === undefined ? {} : { DatapointsToAlarm: datapointsToAlarm }),
    Threshold: threshold,
    ComparisonOperator: comparison,
    ...(treat === undefined ? {} : { TreatMissingData: treat }),
    ...(lowSample === undefined ? {} : { EvaluateLowSampleCountPercentile: lowSample }),
  };
  if (input.has('Metrics')) {
    const single = ['MetricName', 'Namespace', 'Statistic', 'ExtendedStatistic', 'Dimensions', 'Period', 'Unit'].filter((m) => input.has(m));
    if (single.length > 0) throw validationError(`The parameters ${single.join(', ')} must not be specified together with Metrics.`);
    const metrics = readMetricQueries(input, 'Metrics', 10);
    if (metrics.filter((m) => m.ReturnData !== false).length !== 1) {
      throw validationError('Exactly one element of the metrics list should return data.');
    }
    for (const m of metrics) {
      if (m.MetricStat !== undefined && m.MetricStat.Period * evaluationPeriods > MAX_EVALUATION_SECONDS) {
        throw validationError('The evaluation period (Period × EvaluationPeriods) must not exceed 7 days.');
      }
    }
    return { ...base, Dimensions: [], Metrics: metrics };
  }
  const metricName = input.requiredString('MetricName');
  checkLength(input, 'MetricName', metricName, 1, 255);
  const namespace = input.requiredString('Namespace');
  checkNamespace(input, 'Namespace', namespace);
  const statistic = input.string('Statistic');
  const extended = input.string('ExtendedStatistic');
  if ((statistic === undefined) === (extended === undefined)) throw validationError('Exactly one of Statistic or ExtendedStatistic must be specified.');
  if (statistic !== undefined && (!isStatistic(statistic) || isPercentile(statistic))) {
    throw validationError(`1 validation error detected: Value '${statistic}' at 'statistic' failed to satisfy constraint: Member must satisfy enum value set: [SampleCount, Average, Sum, Minimum, Maximum]`);
  }
  if (extended !== undefined && !isPercentile(extended)) throw validationError(`The value ${extended} for parameter ExtendedStatistic is invalid.`);
  const period = input.int('Period');
  if (period === undefined) throw missingParameter('Period');
  checkPeriod(input, 'Period', period);
  if (period < 10) throw validationError('Period must be 10, 20, 30 or a multiple of 60.');
  if (period * evaluationPeriods > MAX_EVALUATION_SECONDS) throw validationError('The evaluation period (Period × EvaluationPeriods) must not exceed 7 days.');
  const unit = readUnit(input);
  return {
    ...base,
    MetricName: metricName,
    Namespace: namespace,
    ...(statistic === undefined ? {} : { Statistic: statistic }),
    ...(extended === undefined ? {} : { ExtendedStatistic: extended }),
    Dimensions: readDimensions(input),
    Period: period,
    ...(unit === undefined ? {} : { Unit: unit }),
  };
}

export async function putMetricAlarm(deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput): Promise<Record<string, never>> {
  const name = input.requiredString('AlarmName');
  const accountId = call.caller.accountId;
  const tags = readTags(input, 'Tags');
  const actions = [...(input.strings('AlarmActions') ?? []), ...(input.strings('OKActions') ?? []), ...(input.strings('InsufficientDataActions') ?? [])];
  await authorizeMonitoring(deps, call, 'PutMetricAlarm', alarmResource(deps, call, name), {
    ...(actions.length === 0 ? {} : { 'cloudwatch:AlarmActions': actions }),
    ...(tags.length === 0 ? {} : { 'aws:TagKeys': tags.map((t) => t.Key), ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])) }),
  });
  checkLength(input, 'AlarmName', name, 1, 255);
  const config = readConfig(deps, accountId, input, name);
  // Queue actions are sent with the account's authority: the alarm's author must be allowed to send there.
  for (const arn of new Set([...config.AlarmActions, ...config.OKActions, ...config.InsufficientDataActions])) {
    if (arn.startsWith('arn:aws:sqs:')) await deps.authorize.authorize(call.caller, { action: 'sqs:SendMessage', resource: arn, resourceAccountId: accountId }, call.facts);
  }
  const now = deps.clock.now().getTime();
  await deps.store.transact(async (tx) => {
    const existing = await tx.alarm(accountId, name);
    if (existing === undefined && (await tx.alarms(accountId)).length >= MAX_ALARMS) {
      throw new LimitExceededError(`The maximum number of alarms (${MAX_ALARMS}) for this account has been reached.`);
    }
    const old = existing === undefined ? undefined : toAlarmRecord(existing);
    const record: AlarmRecord = {
      ...config,
      AlarmArn: alarmArn(deps.region, accountId, name),
      AlarmConfigurationUpdatedTimestamp: now,
      StateValue: old?.StateValue ?? 'INSUFFICIENT_DATA',
      StateReason: old?.StateReason ?? 'Unchecked: Initial alarm creation',
      ...(old?.StateReasonData === undefined ? {} : { StateReasonData: old.StateReasonData }),
      StateUpdatedTimestamp: old?.StateUpdatedTimestamp ?? now,
      StateTransitionedTimestamp: old?.StateTransitionedTimestamp ?? now,
      Tags: old?.Tags ?? tags,
    };
    await tx.putAlarm(toAlarmRow(accountId, record));
    await tx.appendAlarmHistory({
      accountId,
      alarmName: name,
      alarmType: 'MetricAlarm',
      ts: now,
      itemType: 'ConfigurationUpdate',
      summary: `Alarm "${name}" ${old === undefined ? 'created' : 'updated'}`,
      data: JSON.stringify({ version: '1.0', type: old === undefined ? 'Create' : 'Update', [old === undefined ? 'createdAlarm' : 'updatedAlarm']: { alarmName: name, ...config } }),
    });
  });
  deps.alarmChanged?.(accountId, name);
  return {};
}
