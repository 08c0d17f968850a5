/**
 * The Runtime API's response bodies, byte for byte as the RIE renders them (rapi/rendering): Go's
 * json.Encoder puts `errorMessage` before `errorType` and ends every JSON body with a newline.
 * Fixed bodies are built once so the hot path only writes them.
 */
import type { ServerResponse } from 'node:http';
import type { RuntimePhase } from './runtime-phase.js';

const JSON_TYPE = 'application/json';

const ACCEPTED = Buffer.from('{"status":"OK"}\n');
const INVALID_REQUEST_ID = errorBody('Invalid request ID', 'InvalidRequestID');
const INVALID_RESPONSE_MODE = errorBody('Invalid function response mode', 'InvalidFunctionResponseMode');
const NOT_FOUND = Buffer.from('404 page not found\n');
const PONG = Buffer.from('pong');

function errorBody(message: string, type: string): Buffer {
  return Buffer.from(`${JSON.stringify({ errorMessage: message, errorType: type })}\n`);
}

function sendJson(res: ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': body.length });
  res.end(body);
}

export function sendAccepted(res: ServerResponse): void {
  sendJson(res, 202, ACCEPTED);
}

export function sendInvalidRequestId(res: ServerResponse): void {
  sendJson(res, 400, INVALID_REQUEST_ID);
}

export function sendInvalidResponseMode(res: ServerResponse): void {
  sendJson(res, 400, INVALID_RESPONSE_MODE);
}

/** Built per server: the message quotes that server's limit. */
export function payloadTooLargeBody(limit: number): Buffer {
  return errorBody(`Exceeded maximum allowed payload size (${limit} bytes).`, 'RequestEntityTooLarge');
}

export function sendTooLarge(res: ServerResponse, body: Buffer): void {
  sendJson(res, 413, body);
}

export function sendInvalidStateTransition(res: ServerResponse, from: RuntimePhase, to: RuntimePhase): void {
  const message = `State transition from ${from} to ${to} failed for runtime. Error: State transition is not allowed`;
  sendJson(res, 403, errorBody(message, 'InvalidStateTransition'));
}

/** Go's http.NotFound, which the RIE's router answers unknown paths with. */
export function sendNotFound(res: ServerResponse): void {
  res.writeHead(404, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': NOT_FOUND.length,
  });
  res.end(NOT_FOUND);
}

/** chi's answer to a known path with the wrong method: an Allow header and no body. */
export function sendMethodNotAllowed(res: ServerResponse, allow: string): void {
  res.writeHead(405, { Allow: allow, 'Content-Length': 0 });
  res.end();
}

/** The RIE keeps the legacy ping; Go sniffs its body as text/plain. */
export function sendPong(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': PONG.length });
  res.end(PONG);
}
