/**
 * A state change of one alarm inside a transaction: the new state, its StateUpdate history item, and the
 * actions to run once it has committed (those of the new state, when ActionsEnabled).
 */
import type { MonitoringTx } from '../store/monitoring-tx.js';
import type { AlarmRecord, AlarmState } from './alarm-record.js';
import { toAlarmRow } from './alarm-record.js';
import { alarmStateEvent } from './alarm-event.js';

export interface PendingActions {
  readonly accountId: string;
  readonly alarmName: string;
  readonly actions: readonly string[];
  /** The state-change event (JSON). */
  readonly event: string;
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function actionsFor(alarm: AlarmRecord, state: AlarmState): readonly string[] {
  if (!alarm.ActionsEnabled) return [];
  return state === 'ALARM' ? alarm.AlarmActions : state === 'OK' ? alarm.OKActions : alarm.InsufficientDataActions;
}

export async function changeState(
  tx: MonitoringTx,
  accountId: string,
  region: string,
  alarm: AlarmRecord,
  change: { readonly state: AlarmState; readonly reason: string; readonly reasonData?: string },
  now: number,
): Promise<{ readonly alarm: AlarmRecord; readonly actions?: PendingActions }> {
  const { StateReasonData: _old, ...rest } = alarm;
  const next: AlarmRecord = {
    ...rest,
    StateValue: change.state,
    StateReason: change.reason,
    ...(change.reasonData === undefined ? {} : { StateReasonData: change.reasonData }),
    StateUpdatedTimestamp: now,
    StateTransitionedTimestamp: change.state === alarm.StateValue ? alarm.StateTransitionedTimestamp : now,
  };
  await tx.putAlarm(toAlarmRow(accountId, next));
  const previous = { value: alarm.StateValue, reason: alarm.StateReason, ...(alarm.StateReasonData === undefined ? {} : { reasonData: alarm.StateReasonData }), timestamp: alarm.StateUpdatedTimestamp };
  const current = { value: next.StateValue, reason: next.StateReason, ...(next.StateReasonData === undefined ? {} : { reasonData: next.StateReasonData }), timestamp: now };
  await tx.appendAlarmHistory({
    accountId,
    alarmName: alarm.AlarmName,
    alarmType: 'MetricAlarm',
    ts: now,
    itemType: 'StateUpdate',
    summary: `Alarm updated from ${alarm.StateValue} to ${change.state}`,
    data: JSON.stringify({
      version: '1.0',
      oldState: { stateValue: previous.value, stateReason: previous.reason, ...(previous.reasonData === undefined ? {} : { stateReasonData: parseOr(previous.reasonData) }) },
      newState: { stateValue: current.value, stateReason: current.reason, ...(current.reasonData === undefined ? {} : { stateReasonData: parseOr(current.reasonData) }) },
    }),
  });
  const actions = actionsFor(next, change.state);
  if (actions.length === 0) return { alarm: next };
  return { alarm: next, actions: { accountId, alarmName: alarm.AlarmName, actions, event: alarmStateEvent(next, accountId, region, current, previous) } };
}
