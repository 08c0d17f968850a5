/**
 * Alarm tags: TagResource, UntagResource, ListTagsForResource on `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`
 * (at most 50 tags, keys 1–128 characters, values 0–256, keys not starting with `aws:`).
 */
import type { MonitoringInput } from '../api/monitoring-input.js';
import type { MonitoringCall, MonitoringDeps } from '../monitoring-deps.js';
import { authorizeMonitoring } from '../monitoring-deps.js';
import { invalidValue, missingParameter, tagNotFound } from '../monitoring-errors.js';
import type { MonitoringError } from '../monitoring-errors.js';
import { toAlarmRecord, toAlarmRow } from '../alarms/alarm-record.js';
import type { AlarmRecord } from '../alarms/alarm-record.js';
import { checkLength } from './metric-checks.js';

const MAX_TAGS = 50;

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export function readTags(input: MonitoringInput, member: string): Tag[] {
  const tags = input.structs(member).map((t) => {
    const key = t.requiredString('Key');
    const value = t.requiredString('Value');
    checkLength(t, 'Key', key, 1, 128);
    checkLength(t, 'Value', value, 0, 256);
    if (key.toLowerCase().startsWith('aws:')) throw invalidValue(`Invalid tag key ${key}: keys may not start with aws:.`);
    return { Key: key, Value: value };
  });
  if (tags.length > MAX_TAGS) throw invalidValue(`The collection ${member} must not have a size greater than ${MAX_TAGS}.`);
  return tags;
}

function alarmName(deps: MonitoringDeps, call: MonitoringCall, arn: string): string {
  const prefix = `arn:aws:cloudwatch:${deps.region}:${call.caller.accountId}:alarm:`;
  const m = /^arn:aws:cloudwatch:[a-z0-9-]+:\d{12}:alarm:(.+)$/.exec(arn);
  if (m === null || m[1] === undefined) throw invalidValue(`Invalid ResourceARN: ${arn}`);
  if (!arn.startsWith(prefix)) throw notFound(arn, m[1]);
  return m[1];
}

function notFound(arn: string, name: string): MonitoringError {
  return tagNotFound(`Alarm ${name} not found`, { fields: { ResourceType: 'Alarm', ResourceId: arn } });
}

async function withAlarm<T>(
  deps: MonitoringDeps,
  call: MonitoringCall,
  arn: string,
  change: (alarm: AlarmRecord) => { readonly next?: AlarmRecord; readonly result: T },
): Promise<T> {
  const name = alarmName(deps, call, arn);
  return deps.store.transact(async (tx) => {
    const row = await tx.alarm(call.caller.accountId, name);
    if (row === undefined) throw notFound(arn, name);
    const { next, result } = change(toAlarmRecord(row));
    if (next !== undefined) await tx.putAlarm(toAlarmRow(call.caller.accountId, next));
    return result;
  });
}

export async function tagResource(deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput): Promise<Record<string, never>> {
  const arn = input.requiredString('ResourceARN');
  if (!input.has('Tags')) throw missingParameter('Tags');
  const tags = readTags(input, 'Tags');
  await authorizeMonitoring(deps, call, 'TagResource', arn, {
    'aws:TagKeys': tags.map((t) => t.Key),
    ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])),
  });
  return withAlarm(deps, call, arn, (alarm) => {
    const merged = new Map(alarm.Tags.map((t) => [t.Key, t.Value]));
    for (const t of tags) merged.set(t.Key, t.Value);
    if (merged.size > MAX_TAGS) throw invalidValue(`The resource ${arn} may have at most ${MAX_TAGS} tags.`);
    return { next: { ...alarm, Tags: [...merged].map(([Key, Value]) => ({ Key, Value })) }, result: {} };
  });
}

export async function untagResource(deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput): Promise<Record<string, never>> {
  const arn = input.requiredString('ResourceARN');
  const keys = input.strings('TagKeys');
  if (keys === undefined) throw missingParameter('TagKeys');
  await authorizeMonitoring(deps, call, 'UntagResource', arn, { 'aws:TagKeys': keys });
  return withAlarm(deps, call, arn, (alarm) => ({ next: { ...alarm, Tags: alarm.Tags.filter((t) => !keys.includes(t.Key)) }, result: {} }));
}

export async function listTagsForResource(deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput): Promise<Record<string, unknown>> {
  const arn = input.requiredString('ResourceARN');
  await authorizeMonitoring(deps, call, 'ListTagsForResource', arn);
  return withAlarm(deps, call, arn, (alarm) => ({ result: { Tags: alarm.Tags } }));
}
