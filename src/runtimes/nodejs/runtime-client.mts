/**
 * The Runtime API 2018-06-01 as the runtime uses it: /next, the invocation's response or error, and
 * the init error. Requests are written by hand on one persistent connection (see http-connection);
 * a request made while another is in flight (an uncaught error while /next is parked) gets its own
 * short-lived connection, since the server answers a connection's requests strictly in order.
 */
import { HttpConnection } from './http-connection.mjs';
import type { RuntimeEndpoint } from './http-connection.mjs';
import type { HttpResponse } from './http-response-parser.mjs';

export interface NextInvocation {
  readonly body: Buffer;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
}

export class NextInvocationError extends Error {}

const INVOCATION = '/2018-06-01/runtime/invocation/';
const UNSAFE_HEADER_CHARS = /[^\t\x20-\x7e]/g;

export class RuntimeClient {
  readonly #endpoint: RuntimeEndpoint;
  readonly #primary: HttpConnection;
  readonly #nextRequest: string;
  readonly #host: string;

  /** `host` is the Host header value: the AWS_LAMBDA_RUNTIME_API authority. */
  constructor(endpoint: RuntimeEndpoint, host: string) {
    this.#endpoint = endpoint;
    this.#host = host.replace(UNSAFE_HEADER_CHARS, '');
    this.#primary = new HttpConnection(endpoint);
    this.#nextRequest = `GET ${INVOCATION}next HTTP/1.1\r\nHost: ${this.#host}\r\n\r\n`;
  }

  /** Waits, without limit, for the next invocation. */
  async next(): Promise<NextInvocation> {
    const response = await this.#send(this.#nextRequest);
    if (response.status !== 200) {
      throw new NextInvocationError(`Failed to get next invocation, status ${response.status}`);
    }
    return response;
  }

  postResponse(requestId: string, json: string): Promise<HttpResponse> {
    return this.#post(`${INVOCATION}${encodeURIComponent(requestId)}/response`, json, '');
  }

  /** A response that is not JSON text (a buffered response stream), with its own content type. */
  postRawResponse(requestId: string, body: Buffer, contentType: string): Promise<HttpResponse> {
    const head =
      `POST ${INVOCATION}${encodeURIComponent(requestId)}/response HTTP/1.1\r\nHost: ${this.#host}\r\n` +
      `Content-Type: ${contentType.replace(UNSAFE_HEADER_CHARS, '')}\r\nContent-Length: ${body.length}\r\n\r\n`;
    return this.#send(head, body);
  }

  /** As the RIC: no error-type header; the type is in the body. `xrayCause` '' sends no cause header. */
  postError(requestId: string, json: string, xrayCause: string): Promise<HttpResponse> {
    const cause = xrayCause.replace(UNSAFE_HEADER_CHARS, '');
    const extra = cause === '' ? '' : `Lambda-Runtime-Function-XRay-Error-Cause: ${cause}\r\n`;
    return this.#post(`${INVOCATION}${encodeURIComponent(requestId)}/error`, json, extra);
  }

  /** `errorType` '' sends no error-type header; the server then reads the type from the body. */
  postInitError(errorType: string, json: string): Promise<HttpResponse> {
    const type = errorType.replace(UNSAFE_HEADER_CHARS, '');
    const extra = type === '' ? '' : `Lambda-Runtime-Function-Error-Type: ${type}\r\n`;
    return this.#post('/2018-06-01/runtime/init/error', json, extra);
  }

  close(): void {
    this.#primary.close();
  }

  #post(path: string, json: string, extraHeaders: string): Promise<HttpResponse> {
    const request =
      `POST ${path} HTTP/1.1\r\nHost: ${this.#host}\r\nContent-Type: application/json\r\n${extraHeaders}` +
      `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
    return this.#send(request);
  }

  async #send(request: string, body?: Buffer): Promise<HttpResponse> {
    if (!this.#primary.busy) return this.#primary.send(request, body);
    const side = new HttpConnection(this.#endpoint);
    try {
      return await side.send(request, body);
    } finally {
      side.close();
    }
  }
}
