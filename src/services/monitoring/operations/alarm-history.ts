/** DescribeAlarmHistory: one alarm's or the account's history items, newest first by default (kept 30 days). */
import type { MonitoringInput } from '../api/monitoring-input.js';
import type { MonitoringCall, MonitoringDeps } from '../monitoring-deps.js';
import { alarmResource, authorizeMonitoring } from '../monitoring-deps.js';
import { validationError } from '../monitoring-errors.js';
import { decodeToken, encodeToken, isNumber } from './paging.js';

const ITEM_TYPES = ['ConfigurationUpdate', 'StateUpdate', 'Action'];
const TYPES = ['CompositeAlarm', 'MetricAlarm'];

export async function describeAlarmHistory(deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput): Promise<Record<string, unknown>> {
  const name = input.string('AlarmName');
  await authorizeMonitoring(deps, call, 'DescribeAlarmHistory', alarmResource(deps, call, name ?? '*'));
  const itemType = input.string('HistoryItemType');
  if (itemType !== undefined && !ITEM_TYPES.includes(itemType)) {
    throw validationError(`1 validation error detected: Value '${itemType}' at 'historyItemType' failed to satisfy constraint: Member must satisfy enum value set: [${ITEM_TYPES.join(', ')}]`);
  }
  const types = input.strings('AlarmTypes');
  for (const t of types ?? []) if (!TYPES.includes(t)) throw validationError(`1 validation error detected: Value '${t}' at 'alarmTypes' failed to satisfy constraint: Member must satisfy enum value set: [${TYPES.join(', ')}]`);
  const scanBy = input.string('ScanBy') ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw validationError(`1 validation error detected: Value '${scanBy}' at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set: [TimestampDescending, TimestampAscending]`);
  }
  const max = input.int('MaxRecords') ?? 100;
  if (max < 1 || max > 100) throw validationError(`1 validation error detected: Value '${max}' at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and 100`);
  const after = decodeToken(input.string('NextToken'), isNumber);
  const from = input.time('StartDate');
  const to = input.time('EndDate');
  const oldestFirst = scanBy === 'TimestampAscending';
  const rows = await deps.store.transact((tx) =>
    tx.alarmHistory({
      accountId: call.caller.accountId,
      ...(name === undefined ? {} : { alarmName: name }),
      ...(types === undefined || types.length === 0 ? {} : { alarmTypes: types }),
      ...(itemType === undefined ? {} : { itemType }),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      oldestFirst,
      ...(after === undefined ? {} : { afterSeq: after }),
      limit: max + 1,
    }),
  );
  const page = rows.slice(0, max);
  const last = page[page.length - 1];
  return {
    AlarmHistoryItems: page.map((r) => ({
      AlarmName: r.alarmName,
      AlarmType: r.alarmType,
      Timestamp: new Date(r.ts),
      HistoryItemType: r.itemType,
      HistorySummary: r.summary,
      HistoryData: r.data,
    })),
    ...(rows.length > max && last !== undefined ? { NextToken: encodeToken(last.seq) } : {}),
  };
}
