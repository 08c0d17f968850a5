/** X-Ray's operations as the wire sees them: the rest-json path, members in by model name, the result structure out. */
import type { XrayCall, XrayDeps } from '../operations/xray-deps.js';
import type { XrayInput } from './xray-input.js';
import { putTraceSegments } from '../operations/put-trace-segments.js';
import { batchGetTraces, getTraceGraph } from '../operations/batch-get-traces.js';
import { getTraceSummaries } from '../operations/get-trace-summaries.js';
import { getServiceGraph } from '../operations/get-service-graph.js';
import { timeRange } from '../operations/time-range.js';

export type XrayResult = Record<string, unknown>;

export interface XrayAction {
  readonly name: string;
  readonly readOnly: boolean;
  /** The members the audit trail records; PutTraceSegments' documents are data and are left out. */
  readonly parameters: (body: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>> | undefined;
  run(input: XrayInput, deps: XrayDeps, call: XrayCall): Promise<XrayResult>;
}

const asIs = (body: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> => body;

const optional = <T>(key: string, v: T | undefined): Record<string, T> => (v === undefined ? {} : { [key]: v });

/** By `POST` path (the model's requestUri). */
export const XRAY_ACTIONS: Readonly<Record<string, XrayAction>> = {
  '/TraceSegments': {
    name: 'PutTraceSegments',
    readOnly: false,
    parameters: () => undefined,
    async run(input, deps, call) {
      const unprocessed = await putTraceSegments(deps, call, input.requiredStrings('TraceSegmentDocuments'));
      return { UnprocessedTraceSegments: unprocessed };
    },
  },
  '/Traces': {
    name: 'BatchGetTraces',
    readOnly: true,
    parameters: asIs,
    async run(input, deps, call) {
      input.string('NextToken');
      return batchGetTraces(deps, call, input.requiredStrings('TraceIds'));
    },
  },
  '/TraceGraph': {
    name: 'GetTraceGraph',
    readOnly: true,
    parameters: asIs,
    async run(input, deps, call) {
      input.string('NextToken');
      return getTraceGraph(deps, call, input.requiredStrings('TraceIds'));
    },
  },
  '/TraceSummaries': {
    name: 'GetTraceSummaries',
    readOnly: true,
    parameters: asIs,
    async run(input, deps, call) {
      const range = timeRange(input.date('StartTime'), input.date('EndTime'));
      const strategy = input.struct('SamplingStrategy');
      return getTraceSummaries(deps, call, {
        range,
        ...optional('timeRangeType', input.string('TimeRangeType')),
        ...optional('sampling', input.bool('Sampling')),
        ...(strategy === undefined
          ? {}
          : { samplingStrategy: { ...optional('name', strategy.string('Name')), ...optional('value', strategy.number('Value')) } }),
        ...optional('filterExpression', input.string('FilterExpression')),
        ...optional('nextToken', input.string('NextToken')),
      });
    },
  },
  '/ServiceGraph': {
    name: 'GetServiceGraph',
    readOnly: true,
    parameters: asIs,
    async run(input, deps, call) {
      const range = timeRange(input.date('StartTime'), input.date('EndTime'));
      input.string('NextToken');
      return getServiceGraph(deps, call, { range, ...optional('groupName', input.string('GroupName')), ...optional('groupArn', input.string('GroupARN')) });
    },
  },
};
