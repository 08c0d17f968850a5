/**
 * CloudWatch Logs' operations as the wire sees them: members in by model name (LogsInput), the response
 * structure out. One entry per `X-Amz-Target` operation name, with what the audit trail needs: whether it only
 * reads, and whether it is a data event (PutLogEvents, GetLogEvents, FilterLogEvents: they carry log data,
 * which never goes into an audit record).
 */
import type { LogsCall, LogsDeps } from '../operations/logs-deps.js';
import type { LogsInput } from './logs-input.js';
import { associateKmsKey, createLogGroup, deleteLogGroup, deleteRetentionPolicy, describeLogGroups, disassociateKmsKey, putRetentionPolicy } from '../operations/log-groups.js';
import { createLogStream, deleteLogStream, describeLogStreams } from '../operations/log-streams.js';
import { putLogEvents } from '../operations/put-log-events.js';
import type { InputLogEvent } from '../operations/put-log-events.js';
import { getLogEvents } from '../operations/get-log-events.js';
import { filterLogEvents } from '../operations/filter-log-events.js';
import { listTagsForResource, listTagsLogGroup, tagLogGroup, tagResource, untagLogGroup, untagResource } from '../operations/log-tags.js';
import { logGroupShape, logStreamShape } from './logs-shapes.js';

export interface LogsActionContext {
  readonly deps: LogsDeps;
  readonly call: LogsCall;
}

export type LogsResult = Record<string, unknown>;

export interface LogsAction {
  readonly readOnly: boolean;
  /** A data event: recorded without its request's log data and without a response. */
  readonly data?: boolean;
  run(input: LogsInput, ctx: LogsActionContext): Promise<LogsResult>;
}

/** Drops undefined members so an operation's optional inputs stay absent. */
function given<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

const write = (run: LogsAction['run']): LogsAction => ({ readOnly: false, run });
const read = (run: LogsAction['run']): LogsAction => ({ readOnly: true, run });

export const LOGS_ACTIONS: Readonly<Record<string, LogsAction>> = {
  CreateLogGroup: write(async (input, { deps, call }) => {
    const kmsKeyId = input.string('kmsKeyId');
    const tags = input.stringMap('tags');
    await createLogGroup(deps, call, { logGroupName: input.string('logGroupName'), ...given({ kmsKeyId, tags }) });
    return {};
  }),
  DeleteLogGroup: write(async (input, { deps, call }) => {
    await deleteLogGroup(deps, call, input.string('logGroupName'));
    return {};
  }),
  DescribeLogGroups: read(async (input, { deps, call }) => {
    // Accounts linked through CloudWatch cross-account observability: there are none here.
    input.strings('accountIdentifiers');
    input.bool('includeLinkedAccounts');
    const out = await describeLogGroups(
      deps,
      call,
      given({
        logGroupNamePrefix: input.string('logGroupNamePrefix'),
        logGroupNamePattern: input.string('logGroupNamePattern'),
        limit: input.int('limit'),
        nextToken: input.string('nextToken'),
      }),
    );
    return { logGroups: out.groups.map((g) => logGroupShape(g.group, g.storedBytes)), ...given({ nextToken: out.nextToken }) };
  }),
  CreateLogStream: write(async (input, { deps, call }) => {
    await createLogStream(deps, call, input.string('logGroupName'), input.string('logStreamName'));
    return {};
  }),
  DeleteLogStream: write(async (input, { deps, call }) => {
    await deleteLogStream(deps, call, input.string('logGroupName'), input.string('logStreamName'));
    return {};
  }),
  DescribeLogStreams: read(async (input, { deps, call }) => {
    const out = await describeLogStreams(
      deps,
      call,
      given({
        logGroupName: input.string('logGroupName'),
        logGroupIdentifier: input.string('logGroupIdentifier'),
        logStreamNamePrefix: input.string('logStreamNamePrefix'),
        orderBy: input.string('orderBy'),
        descending: input.bool('descending'),
        limit: input.int('limit'),
        nextToken: input.string('nextToken'),
      }),
    );
    return { logStreams: out.streams.map((s) => logStreamShape(deps.region, out.group, s)), ...given({ nextToken: out.nextToken }) };
  }),
  PutLogEvents: {
    readOnly: false,
    data: true,
    async run(input, { deps, call }) {
      input.string('sequenceToken');
      const events = input.structs('logEvents', (e): InputLogEvent => ({ timestamp: e.long('timestamp'), message: e.string('message') }));
      const out = await putLogEvents(deps, call, input.string('logGroupName'), input.string('logStreamName'), events);
      return { ...out };
    },
  },
  GetLogEvents: {
    readOnly: true,
    data: true,
    async run(input, { deps, call }) {
      input.bool('unmask');
      const out = await getLogEvents(
        deps,
        call,
        given({
          logGroupName: input.string('logGroupName'),
          logGroupIdentifier: input.string('logGroupIdentifier'),
          logStreamName: input.string('logStreamName'),
          startTime: input.long('startTime'),
          endTime: input.long('endTime'),
          nextToken: input.string('nextToken'),
          limit: input.int('limit'),
          startFromHead: input.bool('startFromHead'),
        }),
      );
      return { ...out };
    },
  },
  FilterLogEvents: {
    readOnly: true,
    data: true,
    async run(input, { deps, call }) {
      // Every page is interleaved: the member is deprecated and AWS ignores it.
      input.bool('interleaved');
      input.bool('unmask');
      const out = await filterLogEvents(
        deps,
        call,
        given({
          logGroupName: input.string('logGroupName'),
          logGroupIdentifier: input.string('logGroupIdentifier'),
          logStreamNames: input.strings('logStreamNames'),
          logStreamNamePrefix: input.string('logStreamNamePrefix'),
          startTime: input.long('startTime'),
          endTime: input.long('endTime'),
          filterPattern: input.string('filterPattern'),
          nextToken: input.string('nextToken'),
          limit: input.int('limit'),
        }),
      );
      return { events: out.events, searchedLogStreams: [], ...given({ nextToken: out.nextToken }) };
    },
  },
  PutRetentionPolicy: write(async (input, { deps, call }) => {
    await putRetentionPolicy(deps, call, input.string('logGroupName'), input.int('retentionInDays'));
    return {};
  }),
  DeleteRetentionPolicy: write(async (input, { deps, call }) => {
    await deleteRetentionPolicy(deps, call, input.string('logGroupName'));
    return {};
  }),
  AssociateKmsKey: write(async (input, { deps, call }) => {
    await associateKmsKey(deps, call, input.string('logGroupName'), input.string('kmsKeyId'));
    return {};
  }),
  DisassociateKmsKey: write(async (input, { deps, call }) => {
    await disassociateKmsKey(deps, call, input.string('logGroupName'));
    return {};
  }),
  TagResource: write(async (input, { deps, call }) => {
    await tagResource(deps, call, input.string('resourceArn') ?? '', input.stringMap('tags') ?? {});
    return {};
  }),
  UntagResource: write(async (input, { deps, call }) => {
    await untagResource(deps, call, input.string('resourceArn') ?? '', input.strings('tagKeys') ?? []);
    return {};
  }),
  ListTagsForResource: read(async (input, { deps, call }) => ({ tags: await listTagsForResource(deps, call, input.string('resourceArn') ?? '') })),
  TagLogGroup: write(async (input, { deps, call }) => {
    await tagLogGroup(deps, call, input.string('logGroupName'), input.stringMap('tags') ?? {});
    return {};
  }),
  UntagLogGroup: write(async (input, { deps, call }) => {
    await untagLogGroup(deps, call, input.string('logGroupName'), input.strings('tags') ?? []);
    return {};
  }),
  ListTagsLogGroup: read(async (input, { deps, call }) => ({ tags: await listTagsLogGroup(deps, call, input.string('logGroupName')) })),
};
