/**
 * Every operation on a log group or stream starts here: authorize `logs:<Action>` on the AWS resource ARN, and
 * only then tell a missing group apart, so a caller without permission learns nothing about which groups exist.
 * Groups live in their owner's account only (no cross-account sharing here): another account's or region's
 * group is not found once the caller may ask for it.
 */
import type { ContextValue } from '../../../iam/policy/conditions/context-value.js';
import type { LogsCall, LogsDeps } from './logs-deps.js';
import type { LogGroupRecord, LogStreamRecord } from '../store/logs-records.js';
import type { GroupRef } from './log-names.js';
import { groupArn, streamArn } from './log-names.js';
import { groupNotFound, streamNotFound } from './logs-errors.js';

export async function authorizeLogs(
  deps: LogsDeps,
  call: LogsCall,
  action: string,
  resource: string,
  resourceAccountId: string,
  context?: Readonly<Record<string, ContextValue>>,
): Promise<void> {
  await deps.authorize.authorize(
    call.caller,
    { action: `logs:${action}`, resource, resourceAccountId, ...(context === undefined ? {} : { context }) },
    call.facts,
  );
}

export function ownGroup(call: LogsCall, name: string): GroupRef {
  return { accountId: call.caller.accountId, name, local: true };
}

function readable(deps: LogsDeps, call: LogsCall, ref: GroupRef): boolean {
  return ref.local && ref.accountId === call.caller.accountId && deps.region === call.facts.region;
}

/** Authorizes `action` on the group's ARN and reads it; ResourceNotFound when it is missing. */
export async function accessGroup(
  deps: LogsDeps,
  call: LogsCall,
  action: string,
  ref: GroupRef,
  context?: Readonly<Record<string, ContextValue>>,
): Promise<LogGroupRecord> {
  await authorizeLogs(deps, call, action, groupArn(deps.region, ref.accountId, ref.name), ref.accountId, context);
  const group = readable(deps, call, ref) ? await deps.store.transact((tx) => tx.getLogGroup(ref.accountId, ref.name)) : undefined;
  if (group === undefined) throw groupNotFound();
  return group;
}

/** Authorizes `action` on the stream's ARN and reads group and stream; ResourceNotFound for either missing. */
export async function accessStream(
  deps: LogsDeps,
  call: LogsCall,
  action: string,
  ref: GroupRef,
  stream: string,
): Promise<{ readonly group: LogGroupRecord; readonly stream: LogStreamRecord }> {
  await authorizeLogs(deps, call, action, streamArn(deps.region, ref.accountId, ref.name, stream), ref.accountId);
  const found = readable(deps, call, ref)
    ? await deps.store.transact(async (tx) => {
        const g = await tx.getLogGroup(ref.accountId, ref.name);
        return g === undefined ? undefined : { group: g, stream: await tx.getLogStream(g.groupKey, stream) };
      })
    : undefined;
  if (found === undefined) throw groupNotFound();
  if (found.stream === undefined) throw streamNotFound();
  return { group: found.group, stream: found.stream };
}

/** The earliest timestamp a query may return: retention hides what the sweep has not deleted yet. */
export function retentionFloor(group: LogGroupRecord, nowMs: number): number {
  return group.retentionInDays === undefined ? 0 : nowMs - group.retentionInDays * 86_400_000;
}
