/**
 * SetAlarmState (a state change like the evaluator's, history and actions included; the next evaluation
 * may change it back), DeleteAlarms (all or nothing: a missing name deletes none) and
 * EnableAlarmActions / DisableAlarmActions (unknown names are skipped, as in CloudWatch).
 */
import type { MonitoringInput } from '../api/monitoring-input.js';
import type { MonitoringCall, MonitoringDeps } from '../monitoring-deps.js';
import { alarmResource, authorizeMonitoring } from '../monitoring-deps.js';
import { AlarmNotFoundError, InvalidFormatError, missingParameter, validationError } from '../monitoring-errors.js';
import type { MonitoringError } from '../monitoring-errors.js';
import { ALARM_STATES, toAlarmRecord, toAlarmRow } from '../alarms/alarm-record.js';
import type { AlarmState } from '../alarms/alarm-record.js';
import { changeState } from '../alarms/alarm-transition.js';
import { checkLength, collectionTooLarge } from './metric-checks.js';

function notFound(message: string): MonitoringError {
  return new AlarmNotFoundError(message);
}

export async function setAlarmState(deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput): Promise<Record<string, never>> {
  const name = input.requiredString('AlarmName');
  await authorizeMonitoring(deps, call, 'SetAlarmState', alarmResource(deps, call, name));
  checkLength(input, 'AlarmName', name, 1, 255);
  const state = input.requiredString('StateValue');
  if (!(ALARM_STATES as readonly string[]).includes(state)) {
    throw validationError(`1 validation error detected: Value '${state}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [${ALARM_STATES.join(', ')}]`);
  }
  const reason = input.requiredString('StateReason');
  checkLength(input, 'StateReason', reason, 0, 1023);
  const reasonData = input.string('StateReasonData');
  if (reasonData !== undefined) {
    checkLength(input, 'StateReasonData', reasonData, 0, 4000);
    try {
      JSON.parse(reasonData);
    } catch {
      throw new InvalidFormatError('Invalid JSON in StateReasonData.');
    }
  }
  const accountId = call.caller.accountId;
  const now = deps.clock.now().getTime();
  const pending = await deps.store.transact(async (tx) => {
    const row = await tx.alarm(accountId, name);
    if (row === undefined) throw notFound(`Alarm ${name} not found`);
    const alarm = toAlarmRecord(row);
    const change = { state: state as AlarmState, reason, ...(reasonData === undefined ? {} : { reasonData }) };
    return (await changeState(tx, accountId, deps.region, alarm, change, now)).actions;
  });
  if (pending !== undefined) deps.dispatch?.(pending);
  return {};
}

function readNames(input: MonitoringInput): string[] {
  const names = input.strings('AlarmNames');
  if (names === undefined) throw missingParameter('AlarmNames');
  if (names.length > 100) throw collectionTooLarge('AlarmNames', 100);
  return names;
}

export async function deleteAlarms(deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput): Promise<Record<string, never>> {
  const names = readNames(input);
  for (const name of names) await authorizeMonitoring(deps, call, 'DeleteAlarms', alarmResource(deps, call, name));
  const accountId = call.caller.accountId;
  await deps.store.transact(async (tx) => {
    const missing: string[] = [];
    for (const name of names) if ((await tx.alarm(accountId, name)) === undefined) missing.push(name);
    if (missing.length > 0) throw notFound(`${missing.length} alarm${missing.length === 1 ? '' : 's'} not found: ${missing.join(', ')}`);
    // History stays (CloudWatch keeps a deleted alarm's history for its 30 days).
    for (const name of names) await tx.deleteAlarm(accountId, name);
  });
  return {};
}

export async function setActionsEnabled(deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput, enabled: boolean): Promise<Record<string, never>> {
  const names = readNames(input);
  const action = enabled ? 'EnableAlarmActions' : 'DisableAlarmActions';
  for (const name of names) await authorizeMonitoring(deps, call, action, alarmResource(deps, call, name));
  const accountId = call.caller.accountId;
  await deps.store.transact(async (tx) => {
    for (const name of names) {
      const row = await tx.alarm(accountId, name);
      if (row === undefined) continue;
      await tx.putAlarm(toAlarmRow(accountId, { ...toAlarmRecord(row), ActionsEnabled: enabled }));
    }
  });
  return {};
}
