/**
 * The front door's authentication errors as query-protocol services (IAM, STS) spell them: the same
 * status and message, another code (STS/IAM answer `InvalidClientTokenId` where Lambda answers
 * `UnrecognizedClientException`).
 */
import { AwsError } from '../../../shared/errors/aws-error.js';

const QUERY_CODES: Readonly<Record<string, string>> = {
  UnrecognizedClientException: 'InvalidClientTokenId',
  ExpiredTokenException: 'ExpiredToken',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  IncompleteSignatureException: 'IncompleteSignature',
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  AccessDeniedException: 'AccessDenied',
};

export function asQueryAuthError(err: AwsError): AwsError {
  const code = QUERY_CODES[err.code];
  if (code === undefined) return err;
  return new AwsError(code, err.status, err.message, { headers: err.headers, faultType: err.faultType });
}
