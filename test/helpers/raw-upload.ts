/**
 * A raw HTTP/1.1 client that sends a request head and then a large body in chunks, as fast as the server
 * takes it, and stops as soon as an answer arrives. It counts the body bytes the connection accepted (each
 * write handed to the kernel), so a test can tell a server that refused early from one that read it all.
 */
import { connect } from 'node:net';

export interface RawUploadRequest {
  readonly url: string;
  readonly method: string;
  readonly path: string;
  /** sent as given; Content-Length is added from `bodyBytes` */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** body length declared and (at most) sent; the bytes are `fill` */
  readonly bodyBytes: number;
  readonly fill?: number;
  /** @default 1 MiB */
  readonly chunkBytes?: number;
}

export interface RawUploadResult {
  /** 0 when the connection closed without a complete answer */
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
  /** body bytes whose write completed before the answer (or the end of the connection) */
  readonly accepted: number;
}

interface Parsed {
  readonly status: number;
  readonly headers: Map<string, string>;
  readonly body: string;
}

function parseResponse(data: Buffer): Parsed | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? '0');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const length = Number(headers.get('content-length') ?? '0');
  const body = data.subarray(end + 4);
  if (body.length < length) return undefined;
  return { status, headers, body: body.subarray(0, length).toString('utf8') };
}

export function rawUpload(request: RawUploadRequest): Promise<RawUploadResult> {
  const url = new URL(request.url);
  const chunkBytes = request.chunkBytes ?? 1024 * 1024;
  const chunk = Buffer.alloc(chunkBytes, request.fill ?? 0x20);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    let received = Buffer.alloc(0);
    let accepted = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      socket.destroy();
      const parsed = parseResponse(received);
      resolve({ status: parsed?.status ?? 0, headers: parsed?.headers ?? new Map(), body: parsed?.body ?? '', accepted });
    };
    socket.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d]);
      if (parseResponse(received) !== undefined) finish();
    });
    // The server may reset a connection whose body it refused to read; what it answered first still counts.
    socket.on('error', () => undefined);
    socket.on('close', finish);
    socket.once('connect', () => {
      const head = [
        `${request.method} ${request.path} HTTP/1.1`,
        ...request.headers.map(([name, value]) => `${name}: ${value}`),
        `Content-Length: ${request.bodyBytes}`,
        '',
        '',
      ].join('\r\n');
      socket.write(head);
      const sendNext = (): void => {
        if (done) return;
        const left = request.bodyBytes - accepted;
        if (left <= 0) return;
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        socket.write(piece, (err) => {
          if (err !== undefined && err !== null) return;
          accepted += piece.length;
          sendNext();
        });
      };
      sendNext();
    });
  });
}
