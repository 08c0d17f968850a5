/**
 * What Lambda sends to an OnSuccess / OnFailure destination (Developer Guide, "Capturing records of
 * asynchronous invocations"), and the attributes of a dead-letter message ("Dead-letter queues":
 * RequestID String, ErrorCode Number — the 3-digit status —, ErrorMessage String truncated to 1 KB).
 */
import type { FinalOutcome } from './attempt-outcome.js';

export interface DestinationRecordInput {
  readonly requestId: string;
  /** Qualified as invoked: `…:$LATEST` for an unqualified invoke, `…:alias`, `…:3`. */
  readonly functionArn: string;
  readonly requestPayload: Buffer;
  readonly outcome: FinalOutcome;
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function destinationRecord(input: DestinationRecordInput): string {
  const o = input.outcome;
  const last = o.last;
  const record: Record<string, unknown> = {
    version: '1.0',
    timestamp: new Date(o.decidedAt).toISOString(),
    requestContext: {
      requestId: input.requestId,
      functionArn: input.functionArn,
      condition: o.condition,
      approximateInvokeCount: o.approximateInvokeCount,
    },
    requestPayload: jsonOrText(input.requestPayload.toString('utf8')),
  };
  // The function was never called: there is no response to describe.
  if (o.condition === 'ZeroReservedConcurrency') return JSON.stringify(record);
  const responseContext: Record<string, unknown> = { statusCode: last?.statusCode ?? 429 };
  if (last?.executedVersion !== undefined) responseContext['executedVersion'] = last.executedVersion;
  if (last?.functionError !== undefined) responseContext['functionError'] = last.functionError;
  record['responseContext'] = responseContext;
  if (last?.body !== undefined) record['responsePayload'] = jsonOrText(last.body);
  else if (last?.errorMessage !== undefined) {
    record['responsePayload'] = { errorType: last.errorCode ?? 'ServiceException', errorMessage: last.errorMessage };
  }
  return JSON.stringify(record);
}

const ERROR_MESSAGE_MAX = 1024;

/** AWS's wording, typo included, for an event dropped because reserved concurrency is 0. */
const ZERO_CONCURRENCY_MESSAGE = 'Function not invoked. Function isconfigured with zero reserved concurrent executions';

/** The message attributes of a dead-letter message. */
export function deadLetterAttributes(
  requestId: string,
  outcome: FinalOutcome,
): Record<string, { DataType: string; StringValue: string }> {
  if (outcome.condition === 'ZeroReservedConcurrency') {
    // No call, so no status: the ErrorCode attribute is left out.
    return {
      RequestID: { DataType: 'String', StringValue: requestId },
      ErrorMessage: { DataType: 'String', StringValue: ZERO_CONCURRENCY_MESSAGE },
    };
  }
  const last = outcome.last;
  let message = last?.errorMessage ?? '';
  if (last?.body !== undefined) {
    const parsed = jsonOrText(last.body);
    const fromBody =
      parsed !== null && typeof parsed === 'object' && typeof (parsed as { errorMessage?: unknown }).errorMessage === 'string'
        ? (parsed as { errorMessage: string }).errorMessage
        : last.body;
    message = fromBody;
  }
  if (message === '') message = outcome.condition;
  return {
    RequestID: { DataType: 'String', StringValue: requestId },
    ErrorCode: { DataType: 'Number', StringValue: String(last?.statusCode ?? 429) },
    ErrorMessage: { DataType: 'String', StringValue: truncateUtf8(message, ERROR_MESSAGE_MAX) },
  };
}

function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  // Cut on a character boundary: drop a partial trailing sequence.
  return bytes.subarray(0, maxBytes).toString('utf8').replace(/\uFFFD$/, '');
}
