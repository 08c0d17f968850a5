/** One HTTP request as the front door hands it to a service, after routing and authentication. */
import type { IncomingHttpHeaders } from 'node:http';
import type { CallNote } from './call-note.js';

export interface ApiRequest {
  /** `x-amzn-RequestId` of this request; for Invoke it is also the invocation's request id. */
  readonly requestId: string;
  readonly method: string;
  /** Path exactly as received (percent-encoding intact), without the query. */
  readonly rawPath: string;
  /** Query string after `?`, raw. */
  readonly rawQuery: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
  /** The Host header the client used, for URLs we hand back (e.g. Code.Location). */
  readonly host: string;
  readonly receivedAt: Date;
  /** What the operation tells the audit trail about this call; absent for the platform's own routes. */
  readonly note?: CallNote;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A Buffer or string is sent as is; anything else is JSON-encoded. Omit for an empty body. */
  readonly body?: Buffer | string | object;
}
