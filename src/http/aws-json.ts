/**
 * The awsJson protocol (1.0 and 1.1) as services on the front door speak it: a POST whose
 * `X-Amz-Target: <targetPrefix>.<Operation>` names the operation and whose body is one JSON object, answered
 * with JSON, and errors as `{"__type": <code>, "message": …}`, the members botocore's JSON parser and the JS
 * v3 SDK read (`__type` may carry a `namespace#` prefix they strip; plain codes need none). SQS adds its query
 * error header on top (services/sqs/api/sqs-errors-render.ts).
 */
import type { ApiRequest, ApiResponse } from './api-request.js';
import type { AwsError } from '../shared/errors/aws-error.js';
import { JsonSerializationError, JsonUnknownOperationError } from '../shared/errors/json-errors.js';

export type AwsJsonVersion = '1.0' | '1.1';

/** awsJson's answer for a body that is not a JSON object. */
const NOT_AN_OBJECT = 'Start of structure or map found where not expected.';

export function awsJsonContentType(version: AwsJsonVersion): string {
  return `application/x-amz-json-${version}`;
}

/** The operation an awsJson request names; UnknownOperationException when it names none of `prefix`'s. */
export function awsJsonOperation(req: ApiRequest, targetPrefix: string): string {
  const target = req.headers['x-amz-target'];
  const want = `${targetPrefix}.`;
  if (typeof target !== 'string' || !target.startsWith(want)) throw new JsonUnknownOperationError(`Unknown operation ${String(target)}`);
  return target.slice(want.length);
}

/** The request body as the JSON object awsJson requires; an empty body is `{}`. */
export function awsJsonBody(req: ApiRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  let doc: unknown;
  try {
    doc = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new JsonSerializationError(NOT_AN_OBJECT);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new JsonSerializationError(NOT_AN_OBJECT);
  return doc as Record<string, unknown>;
}

export function renderAwsJsonResult(version: AwsJsonVersion, result: object): ApiResponse {
  return { status: 200, headers: { 'Content-Type': awsJsonContentType(version) }, body: result };
}

export function renderAwsJsonError(version: AwsJsonVersion, err: AwsError): ApiResponse {
  return {
    status: err.status,
    headers: { 'Content-Type': awsJsonContentType(version), ...err.headers },
    body: { __type: err.code, message: err.message, ...err.fields },
  };
}
