/**
 * What one delivery attempt ended with, and the final outcome of an event, in the form kept (sealed)
 * in the queue between attempts so a destination record can still be written after a restart.
 */
import type { InvokeResult } from '../invoke-types.js';
import { isAwsError } from '../../shared/errors/aws-error.js';
import { AWS_ERRORS } from '../../shared/errors/catalogue.js';

/** `ZeroReservedConcurrency`: the function's reserved concurrency is 0, so the event failed without running. */
export type AsyncCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded' | 'ZeroReservedConcurrency';

export interface AttemptOutcome {
  /** `throttle` and `platform` never ran the function: they are re-queued with backoff. */
  readonly kind: 'success' | 'function-error' | 'throttle' | 'platform';
  /** 200 when the function ran; the API status otherwise (429, 5xx). */
  readonly statusCode: number;
  readonly executedVersion?: string;
  readonly functionError?: 'Unhandled';
  /** The function's response (or error) bytes as UTF-8 text. */
  readonly body?: string;
  /** For throttles and platform errors: AWS's error code and message. */
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

export interface FinalOutcome {
  readonly condition: AsyncCondition;
  readonly approximateInvokeCount: number;
  /** The last attempt; absent when the function never ran nor was tried. */
  readonly last?: AttemptOutcome;
  /** Epoch ms when the outcome was decided (the record's timestamp). */
  readonly decidedAt: number;
}

export function fromInvokeResult(result: InvokeResult): AttemptOutcome {
  const body = result.body === undefined ? undefined : result.body.toString('utf8');
  return {
    kind: result.functionError === undefined ? 'success' : 'function-error',
    statusCode: result.status,
    ...(result.executedVersion === undefined ? {} : { executedVersion: result.executedVersion }),
    ...(result.functionError === undefined ? {} : { functionError: result.functionError }),
    ...(body === undefined ? {} : { body }),
  };
}

/** An Invoke that did not run the function: a 429 is a throttle, anything else a platform error. */
export function fromInvokeError(err: unknown): AttemptOutcome {
  if (isAwsError(err)) {
    return {
      kind: err.status === 429 ? 'throttle' : 'platform',
      statusCode: err.status,
      errorCode: err.code,
      errorMessage: err.message,
    };
  }
  return { kind: 'platform', statusCode: 500, errorCode: AWS_ERRORS.Service.code, errorMessage: (err as Error).message };
}
