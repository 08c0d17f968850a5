/**
 * PutLogEvents with AWS's batch rules (CloudWatch Logs API Reference, PutLogEvents): 1–10,000 events; at most
 * 1,048,576 bytes, counting each message's UTF-8 bytes plus 26; each event at most 256 KB with its 26 bytes;
 * events in chronological order and within 24 hours of each other. Events more than 2 hours ahead are rejected
 * as too new, those older than 14 days as too old and those older than the group's retention as expired: they
 * are reported in `rejectedLogEventsInfo` (end indexes exclusive, start index inclusive) and not stored. The
 * sequence token is accepted and ignored, as AWS does since 2023.
 */
import type { LogsCall, LogsDeps } from './logs-deps.js';
import { accessStream, ownGroup } from './log-access.js';
import { checkGroupName, checkStreamName } from './log-names.js';
import { LogsInvalidParameterError, streamNotFound, validationError } from './logs-errors.js';
import { sealLogMessage } from './event-seal.js';
import type { NewLogEvent } from '../store/logs-records.js';

export const MAX_BATCH_EVENTS = 10_000;
export const MAX_BATCH_BYTES = 1_048_576;
export const EVENT_OVERHEAD_BYTES = 26;
export const MAX_EVENT_BYTES = 262_144;
const DAY_MS = 86_400_000;
const MAX_SPAN_MS = DAY_MS;
const TOO_NEW_MS = 2 * 3_600_000;
const TOO_OLD_MS = 14 * DAY_MS;

export interface InputLogEvent {
  readonly timestamp: number | undefined;
  readonly message: string | undefined;
}

export interface RejectedLogEventsInfo {
  readonly tooNewLogEventStartIndex?: number;
  readonly tooOldLogEventEndIndex?: number;
  readonly expiredLogEventEndIndex?: number;
}

export interface PutLogEventsResult {
  readonly nextSequenceToken: string;
  readonly rejectedLogEventsInfo?: RejectedLogEventsInfo;
}

/** The batch rules that need no store; returns the events with their sizes. */
export function checkBatch(events: readonly InputLogEvent[] | undefined): Array<{ timestamp: number; message: string; size: number }> {
  if (events === undefined) throw validationError('null', 'logEvents', 'Member must not be null');
  if (events.length < 1) throw validationError('[]', 'logEvents', 'Member must have length greater than or equal to 1');
  if (events.length > MAX_BATCH_EVENTS) throw validationError('[…]', 'logEvents', `Member must have length less than or equal to ${MAX_BATCH_EVENTS}`);
  let total = 0;
  const out = events.map((e, i) => {
    const at = `logEvents.${i + 1}.member`;
    if (e.timestamp === undefined) throw validationError('null', `${at}.timestamp`, 'Member must not be null');
    if (e.timestamp < 0) throw validationError(String(e.timestamp), `${at}.timestamp`, 'Member must have value greater than or equal to 0');
    if (e.message === undefined) throw validationError('null', `${at}.message`, 'Member must not be null');
    if (e.message.length < 1) throw validationError('', `${at}.message`, 'Member must have length greater than or equal to 1');
    const size = Buffer.byteLength(e.message, 'utf8');
    if (size + EVENT_OVERHEAD_BYTES > MAX_EVENT_BYTES) {
      throw new LogsInvalidParameterError(`Log event too large: ${size + EVENT_OVERHEAD_BYTES} bytes exceeds limit of ${MAX_EVENT_BYTES}`);
    }
    total += size + EVENT_OVERHEAD_BYTES;
    return { timestamp: e.timestamp, message: e.message, size };
  });
  if (total > MAX_BATCH_BYTES) throw new LogsInvalidParameterError(`Upload too large: ${total} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
  for (let i = 1; i < out.length; i++) {
    if ((out[i] as { timestamp: number }).timestamp < (out[i - 1] as { timestamp: number }).timestamp) {
      throw new LogsInvalidParameterError('Log events in a single PutLogEvents request must be in chronological order.');
    }
  }
  const first = out[0]?.timestamp ?? 0;
  const last = out[out.length - 1]?.timestamp ?? 0;
  if (last - first > MAX_SPAN_MS) {
    throw new LogsInvalidParameterError('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
  }
  return out;
}

/** Which events of a sorted batch are stored, and which are reported rejected. */
export function partitionBatch(
  timestamps: readonly number[],
  nowMs: number,
  retentionInDays: number | undefined,
): { from: number; to: number; rejected?: RejectedLogEventsInfo } {
  const countBelow = (limit: number): number => {
    let n = 0;
    while (n < timestamps.length && (timestamps[n] as number) < limit) n++;
    return n;
  };
  const tooOld = countBelow(nowMs - TOO_OLD_MS);
  const expired = retentionInDays === undefined ? 0 : countBelow(nowMs - retentionInDays * DAY_MS);
  let tooNewStart = timestamps.length;
  while (tooNewStart > 0 && (timestamps[tooNewStart - 1] as number) > nowMs + TOO_NEW_MS) tooNewStart--;
  const from = Math.max(tooOld, expired);
  const to = Math.max(from, tooNewStart);
  const rejected: RejectedLogEventsInfo = {
    ...(tooNewStart < timestamps.length ? { tooNewLogEventStartIndex: tooNewStart } : {}),
    ...(tooOld > 0 ? { tooOldLogEventEndIndex: tooOld } : {}),
    ...(expired > 0 ? { expiredLogEventEndIndex: expired } : {}),
  };
  return { from, to, ...(Object.keys(rejected).length > 0 ? { rejected } : {}) };
}

/** A token of the shape AWS hands out; PutLogEvents ignores whatever comes back. */
export function sequenceToken(n: number): string {
  return String(n).padStart(56, '4');
}

export async function putLogEvents(
  deps: LogsDeps,
  call: LogsCall,
  groupName: string | undefined,
  streamName: string | undefined,
  events: readonly InputLogEvent[] | undefined,
): Promise<PutLogEventsResult> {
  const ref = ownGroup(call, checkGroupName(groupName));
  const stream = checkStreamName(streamName);
  const batch = checkBatch(events);
  const found = await accessStream(deps, call, 'PutLogEvents', ref, stream);
  const now = deps.clock.now().getTime();
  const part = partitionBatch(batch.map((e) => e.timestamp), now, found.group.retentionInDays);
  const accepted: NewLogEvent[] = batch
    .slice(part.from, part.to)
    .map((e) => ({ timestamp: e.timestamp, size: e.size, sealed: sealLogMessage(deps.keys, found.group.accountId, found.group.groupKey, e.message) }));
  await deps.store.transact(async (tx) => {
    // The stream (or its group) may have been deleted since it was read.
    const current = await tx.getLogStream(found.group.groupKey, stream);
    if (current === undefined) throw streamNotFound();
    await tx.appendLogEvents(found.group.groupKey, current.streamKey, now, accepted);
  });
  return { nextSequenceToken: sequenceToken(now), ...(part.rejected === undefined ? {} : { rejectedLogEventsInfo: part.rejected }) };
}
