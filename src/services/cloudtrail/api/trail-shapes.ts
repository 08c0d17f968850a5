/** Trails, statuses and events as CloudTrail's responses spell them (botocore model shapes). */
import type { TrailRecord } from '../store/cloudtrail-records.js';
import type { StoredTrailEvent } from '../store/trail-event-records.js';
import type { TrailStatus } from '../operations/get-trail-status.js';
import { snsTopicArn } from '../operations/trail-settings.js';

type Shape = Record<string, unknown>;

/** Timestamps go out as epoch seconds, the JSON protocols' default format. */
export const seconds = (d: Date | number): number => (typeof d === 'number' ? d : d.getTime()) / 1000;

/** CreateTrail's and UpdateTrail's response. */
export function trailSettingsShape(t: TrailRecord): Shape {
  return {
    Name: t.name,
    S3BucketName: t.s3BucketName,
    ...(t.s3KeyPrefix === undefined ? {} : { S3KeyPrefix: t.s3KeyPrefix }),
    ...(t.snsTopicName === undefined
      ? {}
      : { SnsTopicName: t.snsTopicName, SnsTopicARN: snsTopicArn(t.snsTopicName, t.homeRegion, t.accountId) }),
    IncludeGlobalServiceEvents: t.includeGlobalServiceEvents,
    IsMultiRegionTrail: t.isMultiRegionTrail,
    TrailARN: t.arn,
    LogFileValidationEnabled: t.logFileValidationEnabled,
    IsOrganizationTrail: false,
  };
}

/** GetTrail's `Trail` and DescribeTrails' list members. */
export function trailShape(t: TrailRecord): Shape {
  return {
    ...trailSettingsShape(t),
    HomeRegion: t.homeRegion,
    HasCustomEventSelectors: t.eventSelectors !== undefined || t.advancedEventSelectors !== undefined,
    HasInsightSelectors: false,
  };
}

/** AWS fills the string-typed attempt members with `''` when there was no attempt. */
function iso(d: Date | undefined): string {
  return d === undefined ? '' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function trailStatusShape(s: TrailStatus): Shape {
  const dates: Array<[string, Date | undefined]> = [
    ['LatestDeliveryTime', s.latestDeliveryTime],
    ['StartLoggingTime', s.startLoggingTime],
    ['StopLoggingTime', s.stopLoggingTime],
    ['LatestDigestDeliveryTime', s.latestDigestDeliveryTime],
  ];
  const out: Shape = { IsLogging: s.isLogging };
  for (const [name, d] of dates) if (d !== undefined) out[name] = seconds(d);
  if (s.latestDeliveryError !== undefined) out['LatestDeliveryError'] = s.latestDeliveryError;
  if (s.latestDigestDeliveryError !== undefined) out['LatestDigestDeliveryError'] = s.latestDigestDeliveryError;
  out['LatestDeliveryAttemptTime'] = iso(s.latestDeliveryAttemptTime);
  out['LatestNotificationAttemptTime'] = '';
  out['LatestNotificationAttemptSucceeded'] = '';
  out['LatestDeliveryAttemptSucceeded'] = s.latestDeliveryError === undefined ? iso(s.latestDeliveryTime) : '';
  out['TimeLoggingStarted'] = iso(s.startLoggingTime);
  out['TimeLoggingStopped'] = iso(s.stopLoggingTime);
  return out;
}

export function eventShape(e: StoredTrailEvent): Shape {
  return {
    EventId: e.eventId,
    EventName: e.eventName,
    ReadOnly: String(e.readOnly),
    ...(e.accessKeyId === undefined ? {} : { AccessKeyId: e.accessKeyId }),
    EventTime: seconds(e.eventTime),
    EventSource: e.eventSource,
    ...(e.username === undefined ? {} : { Username: e.username }),
    Resources: e.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: e.record,
  };
}
