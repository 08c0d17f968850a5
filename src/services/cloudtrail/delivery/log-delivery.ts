/**
 * One delivery of a trail's pending events: the events after the trail's cursor that the trail selects,
 * one gzip JSON log file `{"Records":[…]}` per account and region, the records exactly as stored. Files
 * are written first and recorded after, in the transaction that advances the cursor: a crash between the
 * two delivers those events again (at least once), never loses them.
 */
import { gzipSync } from 'node:zlib';
import type { LoggingTrail } from '../trail-ports.js';
import type { StoredTrailEvent } from '../store/trail-event-records.js';
import type { NewDeliveredLogFile } from './store/delivery-records.js';
import type { DeliveryContext } from './delivery-context.js';
import { errorText, initialState } from './delivery-context.js';
import { sha256Hex } from './digest-file.js';
import { logFileKey } from './trail-object-keys.js';

/** Events read per round; a log file holds at most this many records. */
export const EVENTS_PER_ROUND = 1000;

/** `{"Records":[…]}` with each record's stored JSON as is, so what was recorded is what is hashed. */
export function logFileContent(events: readonly StoredTrailEvent[]): Buffer {
  return Buffer.from(`{"Records":[${events.map((e) => e.record).join(',')}]}`, 'utf8');
}

function groupByAccountRegion(events: readonly StoredTrailEvent[]): StoredTrailEvent[][] {
  const groups = new Map<string, StoredTrailEvent[]>();
  for (const e of events) {
    const key = `${e.accountId}\0${e.region}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [e]);
    else group.push(e);
  }
  return [...groups.values()];
}

async function writeLogFile(ctx: DeliveryContext, trail: LoggingTrail, events: StoredTrailEvent[], at: Date): Promise<NewDeliveredLogFile> {
  const first = events[0];
  const accountId = first?.accountId ?? trail.accountId;
  const region = first?.region ?? trail.homeRegion;
  const content = logFileContent(events);
  const key = logFileKey(trail.s3KeyPrefix, accountId, region, at);
  await ctx.writer.create(trail.s3BucketName, key, gzipSync(content));
  const times = events.map((e) => e.eventTime);
  return {
    trailArn: trail.arn,
    bucket: trail.s3BucketName,
    objectKey: key,
    sha256: sha256Hex(content),
    oldestEventTime: Math.min(...times),
    newestEventTime: Math.max(...times),
    deliveredAt: at.getTime(),
  };
}

/** Delivers everything pending for `trail`; returns the number of log files written. */
export async function deliverTrailLogs(ctx: DeliveryContext, trail: LoggingTrail): Promise<number> {
  const at = ctx.clock.now();
  const now = at.getTime();
  let state = await ctx.store.transact(async (tx) => {
    const found = await tx.getDeliveryState(trail.arn);
    if (found !== undefined && found.loggingSince !== undefined) return found;
    // Logging without a StartLogging seen here (delivery attached later): deliver from now on.
    const fresh = { ...(found ?? initialState(trail.arn, now)), loggingSince: now };
    await tx.putDeliveryState(fresh);
    return fresh;
  });
  const since = state.loggingSince ?? now;
  let files = 0;
  try {
    for (;;) {
      const events = await ctx.source.eventsAfter(state.lastSeq, EVENTS_PER_ROUND);
      const last = events[events.length - 1];
      if (last === undefined) break;
      const chosen = events.filter((e) => e.accountId === trail.accountId && e.eventTime >= since && trail.selects(e));
      const written: NewDeliveredLogFile[] = [];
      for (const group of groupByAccountRegion(chosen)) written.push(await writeLogFile(ctx, trail, group, at));
      const before = state.lastSeq;
      const next = await ctx.store.transact(async (tx) => {
        const current = await tx.getDeliveryState(trail.arn);
        // Another node delivered these events meanwhile: its files are the recorded ones, ours are extra copies.
        if (current === undefined || current.lastSeq !== before) return undefined;
        for (const f of written) await tx.insertLogFile(f);
        const { latestDeliveryError, ...rest } = current;
        void latestDeliveryError;
        const updated = {
          ...rest,
          lastSeq: last.seq,
          latestDeliveryAttemptTime: now,
          // GetTrailStatus's LatestDeliveryTime: when log files last reached the bucket.
          ...(written.length > 0 ? { latestDeliveryTime: now } : {}),
        };
        await tx.putDeliveryState(updated);
        return updated;
      });
      if (next === undefined) break;
      state = next;
      files += written.length;
      if (events.length < EVENTS_PER_ROUND) break;
    }
  } catch (err) {
    await recordDeliveryError(ctx, trail.arn, now, err);
    throw err;
  }
  return files;
}

async function recordDeliveryError(ctx: DeliveryContext, trailArn: string, now: number, err: unknown): Promise<void> {
  await ctx.store
    .transact(async (tx) => {
      const current = await tx.getDeliveryState(trailArn);
      if (current === undefined) return;
      await tx.putDeliveryState({ ...current, latestDeliveryAttemptTime: now, latestDeliveryError: errorText(err) });
    })
    .catch((statusErr: unknown) => ctx.logger.warn({ err: statusErr, trailArn }, 'recording a trail delivery error failed'));
}
