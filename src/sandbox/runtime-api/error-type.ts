/** The error type a runtime reports with …/error or /init/error. */
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The Lambda-Runtime-Function-Error-Type header when present; otherwise the body's `errorType`,
 * because aws-lambda-ric sends no header on invoke errors and puts the type only in the body. A body
 * refused as too large (`null`) is not parsed.
 */
export function reportedErrorType(headers: IncomingHttpHeaders, body: Buffer | null): string | undefined {
  const header = headers['lambda-runtime-function-error-type'];
  if (typeof header === 'string' && header !== '') return header;
  return body === null ? undefined : bodyErrorType(body);
}

function bodyErrorType(body: Buffer): string | undefined {
  if (body.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const type: unknown = (parsed as Record<string, unknown>)['errorType'];
  return typeof type === 'string' && type !== '' ? type : undefined;
}
