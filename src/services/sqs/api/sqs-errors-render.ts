/**
 * SQS errors on the wire. JSON protocol: `{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": …}`
 * with `x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender`, which current SDKs read to
 * name the error as the query protocol did. Query protocol: `<ErrorResponse>` with the query code.
 */
import type { ApiResponse } from '../../../http/api-request.js';
import { respelled } from '../../../shared/errors/aws-error.js';
import type { AwsError } from '../../../shared/errors/aws-error.js';
import { AWS_ERRORS } from '../../../shared/errors/catalogue.js';
import { renderQueryError } from '../../../http/query/query-errors.js';
import { SqsError } from '../sqs-errors.js';

export const SQS_XMLNS = 'http://queue.amazonaws.com/doc/2012-11-05/';

/** Errors raised outside the queue service (authorization, signatures) under their SQS spelling. */
const QUERY_CODES: Readonly<Record<string, string>> = {
  [AWS_ERRORS.AccessDenied.code]: AWS_ERRORS.QueryAccessDenied.code,
  ServiceException: 'InternalError',
};

function queryCode(err: AwsError): string {
  return QUERY_CODES[err.code] ?? err.code;
}

function jsonType(err: AwsError): string {
  if (err instanceof SqsError) return err.jsonType;
  if (err.code === AWS_ERRORS.AccessDenied.code) return 'com.amazon.coral.service#AccessDeniedException';
  return err.code;
}

export function renderSqsJsonError(err: AwsError): ApiResponse {
  const fault = err.faultType === 'User' ? 'Sender' : 'Receiver';
  return {
    status: err.status,
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'x-amzn-query-error': `${queryCode(err)};${fault}`,
      ...err.headers,
    },
    body: { __type: jsonType(err), message: err.message },
  };
}

export function renderSqsQueryError(err: AwsError, requestId: string): ApiResponse {
  const code = queryCode(err);
  const shown = code === err.code ? err : respelled(err, code);
  return renderQueryError(shown, requestId, SQS_XMLNS);
}
