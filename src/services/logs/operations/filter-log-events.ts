/**
 * FilterLogEvents: a group's events (all streams, the named ones, or those with a name prefix) in
 * [startTime, endTime] (both inclusive, unlike GetLogEvents), interleaved in time order, that match the filter
 * pattern; at most `limit` (default 10,000) and 1 MB per page. One call scans at most SCAN_BUDGET stored events
 * and then answers with what it found and a `nextToken`, as AWS answers a search that ran out of time, so a
 * sparse pattern over a large group pages instead of holding a transaction. `searchedLogStreams` is always
 * empty, as AWS returns it since its deprecation.
 */
import type { LogsCall, LogsDeps } from './logs-deps.js';
import type { EventCursor, LogStreamRecord } from '../store/logs-records.js';
import { accessGroup, retentionFloor } from './log-access.js';
import { checkStreamName } from './log-names.js';
import { groupOfRequest } from './log-streams.js';
import { checkLimit } from './log-groups.js';
import { eventCursorToken, parseEventCursor } from './log-tokens.js';
import { openLogMessage } from './event-seal.js';
import { EVENT_OVERHEAD_BYTES, MAX_BATCH_BYTES } from './put-log-events.js';
import { LogsInvalidParameterError, validationError } from './logs-errors.js';
import { compileFilterPattern } from '../filter/filter-pattern.js';
import type { MessageMatcher } from '../filter/filter-pattern.js';
import { FilterPatternError } from '../filter/filter-pattern-error.js';

const MAX_EVENTS = 10_000;
/** Rows read per statement. */
const SCAN_CHUNK = 2_000;
/** Stored events one call looks at before it answers with a nextToken. */
export const SCAN_BUDGET = 200_000;
const MAX_STREAM_NAMES = 100;
const PATTERN_MAX = 1024;

export interface FilterLogEventsInput {
  readonly logGroupName?: string;
  readonly logGroupIdentifier?: string;
  readonly logStreamNames?: readonly string[];
  readonly logStreamNamePrefix?: string;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly filterPattern?: string;
  readonly nextToken?: string;
  readonly limit?: number;
}

export interface FilteredLogEvent {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
  readonly eventId: string;
}

export interface FilterLogEventsResult {
  readonly events: FilteredLogEvent[];
  readonly nextToken?: string;
}

export function compilePattern(pattern: string | undefined): MessageMatcher {
  if (pattern !== undefined && pattern.length > PATTERN_MAX) {
    // Not echoed: a pattern can hold what a tenant searches for, and error messages reach the audit trail.
    throw validationError('…', 'filterPattern', `Member must have length less than or equal to ${PATTERN_MAX}`);
  }
  try {
    return compileFilterPattern(pattern);
  } catch (err) {
    if (err instanceof FilterPatternError) throw new LogsInvalidParameterError('Invalid filter pattern');
    throw err;
  }
}

/** AWS's event ids are 56 digits; ours carry the store's id, so they are unique and stable. */
export function eventIdOf(id: number): string {
  return String(id).padStart(56, '0');
}

export async function filterLogEvents(deps: LogsDeps, call: LogsCall, input: FilterLogEventsInput): Promise<FilterLogEventsResult> {
  const ref = groupOfRequest(deps, call, input.logGroupName, input.logGroupIdentifier);
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
    throw new LogsInvalidParameterError('logStreamNames and logStreamNamePrefix are mutually exclusive');
  }
  if (input.logStreamNames !== undefined) {
    if (input.logStreamNames.length < 1) throw validationError('[]', 'logStreamNames', 'Member must have length greater than or equal to 1');
    if (input.logStreamNames.length > MAX_STREAM_NAMES) {
      throw validationError('[…]', 'logStreamNames', `Member must have length less than or equal to ${MAX_STREAM_NAMES}`);
    }
    input.logStreamNames.forEach((n, i) => checkStreamName(n, `logStreamNames.${i + 1}.member`));
  }
  if (input.logStreamNamePrefix !== undefined) checkStreamName(input.logStreamNamePrefix, 'logStreamNamePrefix');
  const matches = compilePattern(input.filterPattern);
  const limit = checkLimit(input.limit, 'limit', MAX_EVENTS) ?? MAX_EVENTS;
  let after: EventCursor | undefined = input.nextToken === undefined ? undefined : parseEventCursor(input.nextToken);
  const group = await accessGroup(deps, call, 'FilterLogEvents', ref);
  const startTime = Math.max(input.startTime ?? 0, retentionFloor(group, deps.clock.now().getTime()));
  const endTime = input.endTime === undefined ? Number.MAX_SAFE_INTEGER : input.endTime + 1;

  const streamKeys = await selectedStreams(deps, group.groupKey, input);
  const events: FilteredLogEvent[] = [];
  if (streamKeys !== undefined && streamKeys.length === 0) return { events };
  let scanned = 0;
  let bytes = 0;
  for (;;) {
    const rows = await deps.store.transact((tx) =>
      tx.scanGroupEvents({
        groupKey: group.groupKey,
        ...(streamKeys === undefined ? {} : { streamKeys }),
        startTime,
        endTime,
        ...(after === undefined ? {} : { after }),
        limit: SCAN_CHUNK,
      }),
    );
    for (const row of rows) {
      scanned++;
      const message = openLogMessage(deps.keys, group.accountId, group.groupKey, row.sealed);
      if (matches(message)) {
        bytes += Buffer.byteLength(message, 'utf8') + EVENT_OVERHEAD_BYTES;
        if (bytes > MAX_BATCH_BYTES && events.length > 0) return { events, ...(after === undefined ? {} : { nextToken: eventCursorToken(after) }) };
        events.push({ logStreamName: row.streamName, timestamp: row.timestamp, message, ingestionTime: row.ingestionTime, eventId: eventIdOf(row.id) });
      }
      after = { timestamp: row.timestamp, id: row.id };
      if (events.length >= limit || scanned >= SCAN_BUDGET) return { events, nextToken: eventCursorToken(after) };
    }
    if (rows.length < SCAN_CHUNK) return { events };
  }
}

/** Undefined: every stream of the group. */
async function selectedStreams(deps: LogsDeps, groupKey: number, input: FilterLogEventsInput): Promise<number[] | undefined> {
  if (input.logStreamNames !== undefined) {
    const names = input.logStreamNames;
    return (await deps.store.transact((tx) => tx.streamsNamed(groupKey, names))).map((s) => s.streamKey);
  }
  const prefix = input.logStreamNamePrefix;
  if (prefix === undefined) return undefined;
  const keys: number[] = [];
  let last: LogStreamRecord | undefined;
  for (;;) {
    const cursor = last;
    const page = await deps.store.transact((tx) =>
      tx.listLogStreams({
        groupKey,
        prefix,
        orderBy: 'LogStreamName',
        descending: false,
        ...(cursor === undefined ? {} : { after: { lastEventTime: 0, name: cursor.name } }),
        limit: 1000,
      }),
    );
    keys.push(...page.map((s) => s.streamKey));
    last = page[page.length - 1];
    if (page.length < 1000) return keys;
  }
}
