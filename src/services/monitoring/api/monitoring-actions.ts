/** The CloudWatch operations served, by action name. */
import type { MonitoringCall, MonitoringDeps } from '../monitoring-deps.js';
import type { MonitoringInput } from './monitoring-input.js';
import { putMetricData } from '../operations/put-metric-data.js';
import { getMetricStatistics } from '../operations/get-metric-statistics.js';
import { getMetricData } from '../operations/get-metric-data.js';
import { listMetrics } from '../operations/list-metrics.js';
import { putMetricAlarm } from '../operations/put-metric-alarm.js';
import { describeAlarms } from '../operations/describe-alarms.js';
import { describeAlarmHistory } from '../operations/alarm-history.js';
import { deleteAlarms, setActionsEnabled, setAlarmState } from '../operations/alarm-state.js';
import { listTagsForResource, tagResource, untagResource } from '../operations/alarm-tags.js';

export type MonitoringAction = (deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput) => Promise<Record<string, unknown>>;

export const MONITORING_ACTIONS: Readonly<Record<string, MonitoringAction>> = {
  PutMetricData: putMetricData,
  GetMetricStatistics: getMetricStatistics,
  GetMetricData: getMetricData,
  ListMetrics: listMetrics,
  PutMetricAlarm: putMetricAlarm,
  DescribeAlarms: describeAlarms,
  DescribeAlarmHistory: describeAlarmHistory,
  SetAlarmState: setAlarmState,
  DeleteAlarms: deleteAlarms,
  EnableAlarmActions: (deps, call, input) => setActionsEnabled(deps, call, input, true),
  DisableAlarmActions: (deps, call, input) => setActionsEnabled(deps, call, input, false),
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};

/** Read-only operations (CloudTrail's readOnly); PutMetricData, CloudWatch's data event, is not recorded with its values. */
export const READ_ONLY = new Set(['GetMetricStatistics', 'GetMetricData', 'ListMetrics', 'DescribeAlarms', 'DescribeAlarmHistory', 'ListTagsForResource']);
