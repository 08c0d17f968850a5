/** CreateLogStream, DeleteLogStream and DescribeLogStreams. */
import type { LogsCall, LogsDeps } from './logs-deps.js';
import type { LogGroupRecord, LogStreamRecord } from '../store/logs-records.js';
import { accessGroup, authorizeLogs, ownGroup } from './log-access.js';
import { checkGroupName, checkStreamName, groupFromIdentifier, streamArn } from './log-names.js';
import type { GroupRef } from './log-names.js';
import { LogsInvalidParameterError, LogsResourceAlreadyExistsError, groupNotFound, streamNotFound, validationError } from './logs-errors.js';
import { checkLimit } from './log-groups.js';
import { opaqueToken, parseStreamCursor } from './log-tokens.js';

const STREAM_PAGE = 50;

/** `logGroupName` or `logGroupIdentifier`: exactly one, as AWS requires. */
export function groupOfRequest(deps: LogsDeps, call: LogsCall, name: string | undefined, identifier: string | undefined): GroupRef {
  if (name !== undefined && identifier !== undefined) {
    throw new LogsInvalidParameterError('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  if (identifier !== undefined) return groupFromIdentifier(identifier, deps.region, call.caller.accountId);
  if (name === undefined) throw new LogsInvalidParameterError('Either logGroupName or logGroupIdentifier must be specified.');
  return ownGroup(call, checkGroupName(name));
}

export async function createLogStream(deps: LogsDeps, call: LogsCall, groupName: string | undefined, streamName: string | undefined): Promise<void> {
  const ref = ownGroup(call, checkGroupName(groupName));
  const name = checkStreamName(streamName);
  await authorizeLogs(deps, call, 'CreateLogStream', streamArn(deps.region, ref.accountId, ref.name, name), ref.accountId);
  const outcome = await deps.store.transact(async (tx) => {
    const group = await tx.getLogGroup(ref.accountId, ref.name);
    if (group === undefined) return 'no-group';
    return (await tx.insertLogStream(group.groupKey, name, deps.clock.now().getTime())) === undefined ? 'exists' : 'created';
  });
  if (outcome === 'no-group') throw groupNotFound();
  if (outcome === 'exists') throw new LogsResourceAlreadyExistsError('The specified log stream already exists');
}

export async function deleteLogStream(deps: LogsDeps, call: LogsCall, groupName: string | undefined, streamName: string | undefined): Promise<void> {
  const ref = ownGroup(call, checkGroupName(groupName));
  const name = checkStreamName(streamName);
  await authorizeLogs(deps, call, 'DeleteLogStream', streamArn(deps.region, ref.accountId, ref.name, name), ref.accountId);
  const outcome = await deps.store.transact(async (tx) => {
    const group = await tx.getLogGroup(ref.accountId, ref.name);
    if (group === undefined) return 'no-group';
    return (await tx.deleteLogStream(group.groupKey, name)) ? 'deleted' : 'no-stream';
  });
  if (outcome === 'no-group') throw groupNotFound();
  if (outcome === 'no-stream') throw streamNotFound();
}

export interface DescribeLogStreamsInput {
  readonly logGroupName?: string;
  readonly logGroupIdentifier?: string;
  readonly logStreamNamePrefix?: string;
  readonly orderBy?: string;
  readonly descending?: boolean;
  readonly limit?: number;
  readonly nextToken?: string;
}

export async function describeLogStreams(
  deps: LogsDeps,
  call: LogsCall,
  input: DescribeLogStreamsInput,
): Promise<{ group: LogGroupRecord; streams: LogStreamRecord[]; nextToken?: string }> {
  const ref = groupOfRequest(deps, call, input.logGroupName, input.logGroupIdentifier);
  if (input.logStreamNamePrefix !== undefined) checkStreamName(input.logStreamNamePrefix, 'logStreamNamePrefix');
  const orderBy = input.orderBy ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
    throw validationError(orderBy, 'orderBy', 'Member must satisfy enum value set: [LogStreamName, LastEventTime]');
  }
  if (orderBy === 'LastEventTime' && input.logStreamNamePrefix !== undefined) {
    throw new LogsInvalidParameterError('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const limit = checkLimit(input.limit, 'limit', 50) ?? STREAM_PAGE;
  const after = input.nextToken === undefined ? undefined : parseStreamCursor(input.nextToken);
  const group = await accessGroup(deps, call, 'DescribeLogStreams', ref);
  const rows = await deps.store.transact((tx) =>
    tx.listLogStreams({
      groupKey: group.groupKey,
      ...(input.logStreamNamePrefix === undefined ? {} : { prefix: input.logStreamNamePrefix }),
      orderBy,
      descending: input.descending === true,
      ...(after === undefined ? {} : { after }),
      limit: limit + 1,
    }),
  );
  const streams = rows.slice(0, limit);
  const last = streams[streams.length - 1];
  const nextToken = rows.length > limit && last !== undefined ? opaqueToken({ t: last.lastEventTimestamp ?? 0, n: last.name }) : undefined;
  return { group, streams, ...(nextToken === undefined ? {} : { nextToken }) };
}
