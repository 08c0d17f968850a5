/**
 * The front door's authentication errors as query-protocol services (IAM, STS) spell them: the same
 * status and message, another code (STS/IAM answer `InvalidClientTokenId` where Lambda answers
 * `UnrecognizedClientException`).
 */
import { respelled } from '../../../shared/errors/aws-error.js';
import type { AwsError } from '../../../shared/errors/aws-error.js';
import { AWS_ERRORS } from '../../../shared/errors/catalogue.js';

const QUERY_CODES: Readonly<Record<string, string>> = {
  UnrecognizedClientException: 'InvalidClientTokenId',
  ExpiredTokenException: 'ExpiredToken',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  IncompleteSignatureException: 'IncompleteSignature',
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  [AWS_ERRORS.AccessDenied.code]: AWS_ERRORS.QueryAccessDenied.code,
};

export function asQueryAuthError(err: AwsError): AwsError {
  const code = QUERY_CODES[err.code];
  if (code === undefined) return err;
  return respelled(err, code);
}
