/**
 * DescribeAlarms: by names (≤100) or name prefix, state, action prefix and alarm types; metric alarms only
 * unless AlarmTypes asks for composite ones too (there are none here), MaxRecords (1–100, default 50) a page.
 */
import type { MonitoringInput } from '../api/monitoring-input.js';
import type { MonitoringCall, MonitoringDeps } from '../monitoring-deps.js';
import { alarmResource, authorizeMonitoring } from '../monitoring-deps.js';
import { invalidCombination, validationError } from '../monitoring-errors.js';
import { ALARM_STATES, toAlarmRecord } from '../alarms/alarm-record.js';
import { metricAlarmView } from './alarm-view.js';
import { collectionTooLarge } from './metric-checks.js';
import { decodeToken, encodeToken, isString } from './paging.js';

const TYPES = ['CompositeAlarm', 'MetricAlarm'];

export async function describeAlarms(deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput): Promise<Record<string, unknown>> {
  await authorizeMonitoring(deps, call, 'DescribeAlarms', alarmResource(deps, call, '*'));
  const names = input.strings('AlarmNames');
  if (names !== undefined && names.length > 100) throw collectionTooLarge('AlarmNames', 100);
  const prefix = input.string('AlarmNamePrefix');
  if (names !== undefined && names.length > 0 && prefix !== undefined) {
    throw invalidCombination('AlarmNamePrefix and AlarmNames cannot be specified together.');
  }
  const state = input.string('StateValue');
  if (state !== undefined && !(ALARM_STATES as readonly string[]).includes(state)) {
    throw validationError(`1 validation error detected: Value '${state}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [${ALARM_STATES.join(', ')}]`);
  }
  const types = input.strings('AlarmTypes') ?? [];
  for (const t of types) {
    if (!TYPES.includes(t)) throw validationError(`1 validation error detected: Value '[${types.join(', ')}]' at 'alarmTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${TYPES.join(', ')}]]`);
  }
  const actionPrefix = input.string('ActionPrefix');
  const max = input.int('MaxRecords') ?? 50;
  if (max < 1 || max > 100) throw validationError(`1 validation error detected: Value '${max}' at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and 100`);
  const after = decodeToken(input.string('NextToken'), isString);
  const wantMetric = types.length === 0 || types.includes('MetricAlarm');
  const rows = wantMetric ? await deps.store.transact((tx) => tx.alarms(call.caller.accountId)) : [];
  const matching = rows
    .map(toAlarmRecord)
    .filter((a) => (names === undefined || names.length === 0 || names.includes(a.AlarmName)) && (prefix === undefined || a.AlarmName.startsWith(prefix)))
    .filter((a) => state === undefined || a.StateValue === state)
    .filter((a) => actionPrefix === undefined || [...a.AlarmActions, ...a.OKActions, ...a.InsufficientDataActions].some((x) => x.startsWith(actionPrefix)))
    .filter((a) => after === undefined || a.AlarmName > after);
  const page = matching.slice(0, max);
  const last = page[page.length - 1];
  return {
    ...(types.includes('CompositeAlarm') ? { CompositeAlarms: [] } : {}),
    MetricAlarms: page.map(metricAlarmView),
    ...(matching.length > max && last !== undefined ? { NextToken: encodeToken(last.AlarmName) } : {}),
  };
}
