/**
 * Whether a trail takes an event: its account and region scope, global service events, then its basic or
 * advanced event selectors as PutEventSelectors' documentation describes them. A trail without selectors
 * logs all management events and no data events (AWS's default for a new trail).
 */
import type { LoggingTrail } from '../trail-ports.js';
import { trailTarget } from './trail-access.js';
import type { StoredTrailEvent } from '../store/trail-event-records.js';
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector, TrailRecord } from '../store/cloudtrail-records.js';

/** Events of global services, delivered only to trails that IncludeGlobalServiceEvents. */
const GLOBAL_SOURCES: ReadonlySet<string> = new Set(['iam.amazonaws.com', 'sts.amazonaws.com']);
const LAMBDA_ALL = /^arn:aws[a-z-]*:lambda$/;

/** The parts of an event a selector reads. */
export type SelectableEvent = Pick<StoredTrailEvent, 'accountId' | 'region' | 'eventSource' | 'eventName' | 'readOnly' | 'management' | 'resources'>;

function readWriteMatches(s: EventSelector, readOnly: boolean): boolean {
  const rw = s.ReadWriteType ?? 'All';
  return rw === 'All' || (rw === 'ReadOnly') === readOnly;
}

function resourceValueMatches(type: string, value: string, name: string): boolean {
  if (type === 'AWS::Lambda::Function') {
    // `arn:aws:lambda` is every function; a function's ARN also takes its qualified ARNs (versions, aliases).
    return LAMBDA_ALL.test(value) || name === value || name.startsWith(`${value}:`);
  }
  // S3 and DynamoDB values are ARN prefixes (`arn:aws:s3:::bucket/` is every object of the bucket).
  return name.startsWith(value);
}

function basicMatches(s: EventSelector, e: SelectableEvent): boolean {
  if (!readWriteMatches(s, e.readOnly)) return false;
  if (e.management) return s.IncludeManagementEvents !== false && !(s.ExcludeManagementEventSources ?? []).includes(e.eventSource);
  return (s.DataResources ?? []).some((r) =>
    e.resources.some((res) => res.type === r.Type && (r.Values ?? []).some((v) => resourceValueMatches(res.type, v, res.name))),
  );
}

function fieldValues(field: string, e: SelectableEvent, type: string | undefined): string[] {
  switch (field) {
    case 'eventCategory':
      return [e.management ? 'Management' : 'Data'];
    case 'readOnly':
      return [String(e.readOnly)];
    case 'eventSource':
      return [e.eventSource];
    case 'eventName':
      return [e.eventName];
    case 'resources.type':
      return e.resources.map((r) => r.type);
    case 'resources.ARN':
      return e.resources.filter((r) => type === undefined || r.type === type).map((r) => r.name);
    default:
      return [];
  }
}

/** Equals/StartsWith/EndsWith are ORed; NotEquals/NotStartsWith/NotEndsWith must all hold (CloudTrail's rules). */
function fieldMatches(f: AdvancedFieldSelector, values: readonly string[]): boolean {
  const any = (ops: readonly string[] | undefined, test: (v: string, op: string) => boolean): boolean =>
    (ops ?? []).some((op) => values.some((v) => test(v, op)));
  const positive = f.Equals !== undefined || f.StartsWith !== undefined || f.EndsWith !== undefined;
  const hit =
    any(f.Equals, (v, op) => v === op) || any(f.StartsWith, (v, op) => v.startsWith(op)) || any(f.EndsWith, (v, op) => v.endsWith(op));
  if (positive && !hit) return false;
  if (values.length === 0) return !positive;
  return !(
    any(f.NotEquals, (v, op) => v === op) ||
    any(f.NotStartsWith, (v, op) => v.startsWith(op)) ||
    any(f.NotEndsWith, (v, op) => v.endsWith(op))
  );
}

function advancedMatches(s: AdvancedEventSelector, e: SelectableEvent): boolean {
  const type = s.FieldSelectors.find((f) => f.Field === 'resources.type')?.Equals?.[0];
  return s.FieldSelectors.every((f) => fieldMatches(f, fieldValues(f.Field, e, type)));
}

export function trailSelects(trail: TrailRecord, e: SelectableEvent): boolean {
  if (e.accountId !== trail.accountId) return false;
  if (!trail.isMultiRegionTrail && e.region !== trail.homeRegion) return false;
  if (!trail.includeGlobalServiceEvents && GLOBAL_SOURCES.has(e.eventSource)) return false;
  if (trail.advancedEventSelectors !== undefined) return trail.advancedEventSelectors.some((s) => advancedMatches(s, e));
  if (trail.eventSelectors === undefined) return e.management;
  return trail.eventSelectors.some((s) => basicMatches(s, e));
}

/** The data event Lambda records for an Invoke of `functionArn`, as far as selectors read it. */
export function invokeEvent(accountId: string, region: string, functionArn: string): SelectableEvent {
  return {
    accountId,
    region,
    eventSource: 'lambda.amazonaws.com',
    eventName: 'Invoke',
    readOnly: false,
    management: false,
    resources: [{ type: 'AWS::Lambda::Function', name: functionArn }],
  };
}

/** The trail as delivery takes it: where it delivers, and which events it selects. */
export function loggingTrail(t: TrailRecord): LoggingTrail {
  return { ...trailTarget(t), selects: (e: StoredTrailEvent) => trailSelects(t, e) };
}
