/**
 * GetLogEvents: one stream's events in [startTime, endTime), at most `limit` (default 10,000) and 1 MB per page,
 * each page in ascending order. Without a token the page is the newest events, or the oldest with
 * `startFromHead`. `nextForwardToken` continues after the page's last event and `nextBackwardToken` before its
 * first; a page with nothing in its direction returns the very token that was passed, as AWS does, so a
 * reader polling with the forward token sees new events as they arrive.
 */
import type { LogsCall, LogsDeps } from './logs-deps.js';
import type { EventCursor, StoredLogEvent } from '../store/logs-records.js';
import { accessStream, retentionFloor } from './log-access.js';
import { checkStreamName } from './log-names.js';
import { groupOfRequest } from './log-streams.js';
import { checkLimit } from './log-groups.js';
import { eventToken, parseEventToken } from './log-tokens.js';
import { openLogMessage } from './event-seal.js';
import { EVENT_OVERHEAD_BYTES, MAX_BATCH_BYTES } from './put-log-events.js';

const MAX_EVENTS = 10_000;
const ORIGIN: EventCursor = { timestamp: 0, id: 0 };

export interface GetLogEventsInput {
  readonly logGroupName?: string;
  readonly logGroupIdentifier?: string;
  readonly logStreamName?: string;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly nextToken?: string;
  readonly limit?: number;
  readonly startFromHead?: boolean;
}

export interface OutputLogEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
}

export interface GetLogEventsResult {
  readonly events: OutputLogEvent[];
  readonly nextForwardToken: string;
  readonly nextBackwardToken: string;
}

export async function getLogEvents(deps: LogsDeps, call: LogsCall, input: GetLogEventsInput): Promise<GetLogEventsResult> {
  const ref = groupOfRequest(deps, call, input.logGroupName, input.logGroupIdentifier);
  const streamName = checkStreamName(input.logStreamName);
  const limit = checkLimit(input.limit, 'limit', MAX_EVENTS) ?? MAX_EVENTS;
  const token = input.nextToken === undefined ? undefined : parseEventToken(input.nextToken);
  const { group, stream } = await accessStream(deps, call, 'GetLogEvents', ref, streamName);
  const startTime = Math.max(input.startTime ?? 0, retentionFloor(group, deps.clock.now().getTime()));
  const endTime = input.endTime ?? Number.MAX_SAFE_INTEGER;
  // Backward pages (and the default newest page) are read newest first, then turned around.
  const descending = token === undefined ? input.startFromHead !== true : token.direction === 'b';
  const rows = await deps.store.transact((tx) =>
    tx.readStreamEvents({
      streamKey: stream.streamKey,
      startTime,
      endTime,
      ...(token?.direction === 'f' ? { after: token.at } : {}),
      ...(token?.direction === 'b' ? { before: token.at } : {}),
      descending,
      limit,
    }),
  );
  const page: Array<{ row: StoredLogEvent; message: string }> = [];
  let bytes = 0;
  for (const row of rows) {
    const message = openLogMessage(deps.keys, group.accountId, group.groupKey, row.sealed);
    bytes += Buffer.byteLength(message, 'utf8') + EVENT_OVERHEAD_BYTES;
    if (bytes > MAX_BATCH_BYTES && page.length > 0) break;
    page.push({ row, message });
  }
  if (descending) page.reverse();
  const first = page[0]?.row;
  const last = page[page.length - 1]?.row;
  const at = (e: StoredLogEvent): EventCursor => ({ timestamp: e.timestamp, id: e.id });
  const passed = input.nextToken;
  const forward = last !== undefined ? eventToken('f', at(last)) : token?.direction === 'f' && passed !== undefined ? passed : eventToken('f', token?.at ?? ORIGIN);
  const backward = first !== undefined ? eventToken('b', at(first)) : token?.direction === 'b' && passed !== undefined ? passed : eventToken('b', token?.at ?? ORIGIN);
  return {
    events: page.map(({ row, message }) => ({ timestamp: row.timestamp, message, ingestionTime: row.ingestionTime })),
    nextForwardToken: forward,
    nextBackwardToken: backward,
  };
}
