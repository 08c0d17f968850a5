/** Renders an invocation as the answer to GET /runtime/invocation/next (RIE rendering.renderInvokeHeaders). */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { InvocationRequest } from './invocation.js';

// Node refuses header values outside tab, printable ASCII and latin1; anything else needs mapping.
const NEEDS_MAPPING = /[^\t\x20-\x7e]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/g;

/**
 * Client context and Cognito identity are caller-supplied JSON text. Go's server writes their UTF-8
 * bytes as they are and turns line breaks into spaces; Node writes header strings as latin1, so
 * re-spelling the UTF-8 bytes as latin1 puts the same bytes on the wire instead of throwing.
 */
export function headerSafe(text: string): string {
  if (!NEEDS_MAPPING.test(text)) return text;
  return Buffer.from(text.replace(CONTROL, ' '), 'utf8').toString('latin1');
}

export function sendNextEvent(res: ServerResponse, invocation: InvocationRequest): void {
  const headers: OutgoingHttpHeaders = {
    'Content-Type': 'application/json',
    'Content-Length': invocation.payload.length,
  };
  // Each header only when non-empty, as the RIE's setHeaderIfNotEmpty.
  if (invocation.requestId !== '') headers['Lambda-Runtime-Aws-Request-Id'] = invocation.requestId;
  if (invocation.traceId !== '') headers['Lambda-Runtime-Trace-Id'] = invocation.traceId;
  if (invocation.clientContext !== undefined && invocation.clientContext !== '') {
    headers['Lambda-Runtime-Client-Context'] = headerSafe(invocation.clientContext);
  }
  if (invocation.cognitoIdentity !== undefined && invocation.cognitoIdentity !== '') {
    headers['Lambda-Runtime-Cognito-Identity'] = headerSafe(invocation.cognitoIdentity);
  }
  if (invocation.invokedFunctionArn !== '') {
    headers['Lambda-Runtime-Invoked-Function-Arn'] = invocation.invokedFunctionArn;
  }
  headers['Lambda-Runtime-Deadline-Ms'] = String(invocation.deadlineMs);
  res.writeHead(200, headers);
  res.end(invocation.payload);
}
