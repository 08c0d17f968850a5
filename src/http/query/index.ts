/**
 * The AWS query protocol (IAM, STS, SQS query mode). Usage:
 *
 *   const sts = createQueryService({
 *     signingName: 'sts', version: '2011-06-15', xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
 *     actions: {
 *       GetCallerIdentity: async (params, req, caller) => ({ Arn: caller.arn, UserId: …, Account: … }),
 *       AssumeRole: async (params) => { const arn = params.required('RoleArn'); … return { Credentials: {…} }; },
 *     },
 *   });
 *
 * A handler returns the members of `<ActionResult>` as a plain object (arrays → `<member>` items,
 * `flat([...])` → repeated elements, undefined members omitted) or `undefined` for no result element;
 * it throws AwsError for failures, rendered as `<ErrorResponse>` with `Type` Sender/Receiver.
 * Flattened inputs: `params.list('ActionNames.member')`, `params.structs('Tags.member')`,
 * `params.map('Attribute', 'Name', 'Value')`; `params.required('RoleArn')` throws the service's
 * missing-member error (default: IAM/STS ValidationError "Value null at 'roleArn' …").
 */
export { createQueryService } from './query-service.js';
export type { QueryHandler, QueryResult, QueryServiceOptions } from './query-service.js';
export { QueryParams, decodeQueryParams } from './query-params.js';
export type { MissingParameter } from './query-params.js';
export { flat, FlatList, escapeXml, xmlContent, xmlElement } from './xml.js';
export type { XmlList, XmlObject, XmlScalar, XmlValue } from './xml.js';
export { renderQueryError } from './query-errors.js';
export {
  InvalidActionError,
  MissingActionError,
  QueryValidationError,
  RequestTooLargeError,
  constraintViolation,
  missingMember,
} from '../../shared/errors/query-errors.js';
