import type { ServerResponse } from 'node:http';
import type { ApiResponse } from './api-request.js';

export function writeResponse(res: ServerResponse, requestId: string, response: ApiResponse, closeConnection = false): void {
  const headers: Record<string, string | number> = { 'x-amzn-RequestId': requestId, ...response.headers };
  let body: Buffer | string | undefined;
  if (response.body === undefined) {
    body = undefined;
  } else if (Buffer.isBuffer(response.body) || typeof response.body === 'string') {
    body = response.body;
  } else {
    body = JSON.stringify(response.body);
    headers['Content-Type'] ??= 'application/json';
  }
  headers['Content-Length'] = body === undefined ? 0 : Buffer.byteLength(body);
  if (closeConnection) headers['Connection'] = 'close';
  res.writeHead(response.status, headers);
  res.end(body);
}
