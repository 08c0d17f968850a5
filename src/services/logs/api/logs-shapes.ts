/** Stored records as CloudWatch Logs' response structures (botocore model: LogGroup, LogStream). */
import type { LogGroupRecord, LogStreamRecord } from '../store/logs-records.js';
import { describedGroupArn, streamArn } from '../operations/log-names.js';
import { sequenceToken } from '../operations/put-log-events.js';

export function logGroupShape(g: LogGroupRecord, storedBytes: number): Record<string, unknown> {
  return {
    logGroupName: g.name,
    creationTime: g.creationTime,
    ...(g.retentionInDays === undefined ? {} : { retentionInDays: g.retentionInDays }),
    metricFilterCount: 0,
    arn: describedGroupArn(g.arn),
    storedBytes,
    ...(g.kmsKeyId === undefined ? {} : { kmsKeyId: g.kmsKeyId }),
    logGroupClass: g.logGroupClass,
    logGroupArn: g.arn,
  };
}

export function logStreamShape(region: string, g: LogGroupRecord, s: LogStreamRecord): Record<string, unknown> {
  return {
    logStreamName: s.name,
    creationTime: s.creationTime,
    ...(s.firstEventTimestamp === undefined ? {} : { firstEventTimestamp: s.firstEventTimestamp }),
    ...(s.lastEventTimestamp === undefined ? {} : { lastEventTimestamp: s.lastEventTimestamp }),
    ...(s.lastIngestionTime === undefined ? {} : { lastIngestionTime: s.lastIngestionTime }),
    uploadSequenceToken: sequenceToken(s.lastIngestionTime ?? s.creationTime),
    arn: streamArn(region, g.accountId, g.name, s.name),
    storedBytes: s.storedBytes,
  };
}
