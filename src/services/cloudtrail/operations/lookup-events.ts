/**
 * LookupEvents: the caller's own account's management events of the last 90 days, newest first, filtered by
 * at most one lookup attribute, 1–50 a page (default 50), paged by an opaque NextToken bound to the query.
 * Data events (Lambda's Invoke) are never returned, as in AWS. Insights events do not exist here, so
 * `EventCategory: insight` finds nothing. LookupEvents has no resource type: it is authorized on `*`.
 */
import type { CloudTrailCall, CloudTrailDeps } from './cloudtrail-deps.js';
import type { LookupAttributeKey } from '../store/cloudtrail-records.js';
import type { StoredTrailEvent } from '../store/trail-event-records.js';
import {
  InvalidEventCategoryError,
  InvalidLookupAttributesError,
  InvalidMaxResultsError,
  InvalidTimeRangeError,
} from './cloudtrail-errors.js';
import { decodeLookupToken, encodeLookupToken, queryDigest } from './lookup-token.js';

export const RETENTION_MS = 90 * 24 * 60 * 60 * 1000;
const DEFAULT_MAX_RESULTS = 50;
const KEYS: ReadonlySet<string> = new Set<LookupAttributeKey>([
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
]);

export interface LookupEventsInput {
  readonly lookupAttributes?: ReadonlyArray<{ readonly AttributeKey?: string; readonly AttributeValue?: string }>;
  readonly startTime?: Date;
  readonly endTime?: Date;
  readonly eventCategory?: string;
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface LookupEventsResult {
  readonly events: StoredTrailEvent[];
  readonly nextToken?: string;
}

function attributeOf(input: LookupEventsInput): { key: LookupAttributeKey; value: string } | undefined {
  const list = input.lookupAttributes ?? [];
  if (list.length > 1) throw new InvalidLookupAttributesError('You can only specify one lookup attribute.');
  const [a] = list;
  if (a === undefined) return undefined;
  const key = a.AttributeKey ?? '';
  if (!KEYS.has(key)) throw new InvalidLookupAttributesError(`Invalid attribute key: ${key}`);
  const value = a.AttributeValue ?? '';
  if (value.length < 1 || value.length > 2000) throw new InvalidLookupAttributesError('Attribute value must be 1 to 2000 characters long.');
  return { key: key as LookupAttributeKey, value };
}

export async function lookupEvents(deps: CloudTrailDeps, call: CloudTrailCall, input: LookupEventsInput): Promise<LookupEventsResult> {
  const attribute = attributeOf(input);
  if (input.eventCategory !== undefined && input.eventCategory !== 'insight') {
    throw new InvalidEventCategoryError(`Invalid event category: ${input.eventCategory}`);
  }
  const limit = input.maxResults ?? DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new InvalidMaxResultsError('MaxResults must be between 1 and 50.');
  const given = { start: input.startTime?.getTime(), end: input.endTime?.getTime() };
  const now = deps.clock.now().getTime();
  if ((given.start ?? 0) > (given.end ?? now)) throw new InvalidTimeRangeError('Start time must be before end time.');
  const accountId = call.caller.accountId;
  await deps.authorize.authorize(call.caller, { action: 'cloudtrail:LookupEvents', resource: '*', resourceAccountId: accountId }, call.facts);
  const digest = queryDigest({ a: accountId, k: attribute?.key, v: attribute?.value, c: input.eventCategory, ...given });
  const position =
    input.nextToken === undefined || input.nextToken === ''
      ? { startTime: given.start ?? 0, endTime: given.end ?? now, after: undefined }
      : decodeLookupToken(input.nextToken, digest);
  if (input.eventCategory === 'insight') return { events: [] };
  // Only the last 90 days, however far back the caller (or a token) asks.
  const startTime = Math.max(position.startTime, now - RETENTION_MS);
  const rows = await deps.store.transact((tx) =>
    tx.lookupEvents({
      accountId,
      ...(attribute === undefined ? {} : { attribute }),
      startTime,
      endTime: position.endTime,
      ...(position.after === undefined ? {} : { after: position.after }),
      limit: limit + 1,
    }),
  );
  if (rows.length <= limit) return { events: rows };
  const events = rows.slice(0, limit);
  const last = events[events.length - 1];
  if (last === undefined) return { events };
  const after = { eventTime: last.eventTime, seq: last.seq };
  return { events, nextToken: encodeLookupToken(digest, { startTime: position.startTime, endTime: position.endTime, after }) };
}
