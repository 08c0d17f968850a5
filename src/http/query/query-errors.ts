/**
 * Query-protocol error rendering (IAM, STS, SQS query mode): the XML `ErrorResponse` body. The errors
 * the protocol itself raises are in the kernel (shared/errors/query-errors.ts).
 */
import type { ApiResponse } from '../api-request.js';
import type { AwsError } from '../../shared/errors/aws-error.js';
import { xmlElement } from './xml.js';

/** `<ErrorResponse xmlns=…><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>…`. */
export function renderQueryError(err: AwsError, requestId: string, xmlns: string): ApiResponse {
  const error: Record<string, string> = {
    Type: err.faultType === 'Service' ? 'Receiver' : 'Sender',
    Code: err.code,
    Message: err.message,
  };
  for (const [k, v] of Object.entries(err.fields)) if (typeof v === 'string') error[k] = v;
  const body = xmlElement('ErrorResponse', { Error: error, RequestId: requestId }, { xmlns });
  return { status: err.status, headers: { 'Content-Type': 'text/xml', ...err.headers }, body };
}
