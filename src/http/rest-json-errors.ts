/**
 * rest-json error rendering (Lambda): status, `x-amzn-ErrorType`, and a JSON body with `Type`, the
 * message under the key the AWS shape spells, `__type` for clients that read the body only, and any
 * modeled members. Both botocore (botocore/parsers.py, the rest-json parser) and the JS v3 SDK
 * (loadRestJsonErrorCode in node_modules/@aws-sdk/core) read the header first.
 */
import type { ApiResponse } from './api-request.js';
import type { AwsError } from '../shared/errors/aws-error.js';

export function renderRestJsonError(err: AwsError): ApiResponse {
  return {
    status: err.status,
    headers: { 'x-amzn-ErrorType': err.code, ...err.headers },
    body: { Type: err.faultType, [err.messageKey]: err.message, __type: err.code, ...err.fields },
  };
}
