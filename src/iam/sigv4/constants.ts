/** Fixed strings of the SigV4 protocol and AWS's wording for signature failures. */

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const SIGV4_TERMINATOR = 'aws4_request';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Presigned URLs live at most 7 days (SigV4 keys are scoped to a day; AWS caps X-Amz-Expires at 604800). */
export const MAX_PRESIGN_EXPIRES_SECONDS = 604_800;
export const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000;

export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export const QUERY_ALGORITHM = 'X-Amz-Algorithm';
export const QUERY_CREDENTIAL = 'X-Amz-Credential';
export const QUERY_DATE = 'X-Amz-Date';
export const QUERY_EXPIRES = 'X-Amz-Expires';
export const QUERY_SIGNED_HEADERS = 'X-Amz-SignedHeaders';
export const QUERY_SIGNATURE = 'X-Amz-Signature';
export const QUERY_SECURITY_TOKEN = 'X-Amz-Security-Token';
export const QUERY_CONTENT_SHA256 = 'X-Amz-Content-Sha256';

export const HEADER_AUTHORIZATION = 'authorization';
export const HEADER_AMZ_DATE = 'x-amz-date';
export const HEADER_DATE = 'date';
export const HEADER_SECURITY_TOKEN = 'x-amz-security-token';
export const HEADER_CONTENT_SHA256 = 'x-amz-content-sha256';
