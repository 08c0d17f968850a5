/**
 * A load generator cheap enough that the server, not the client, is what a throughput figure
 * measures on a 2-core machine: raw TCP connections with HTTP/1.1 pipelining (up to `depth` requests
 * in flight per connection, written in one chunk), requests pre-rendered as bytes. The requests are
 * identical but for their SigV4 time, so they are re-signed once per second; the server still parses,
 * verifies and authorizes every one of them (a replayed signature is valid in SigV4 within its
 * 15-minute window, as on AWS).
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { signRequest } from '../src/iam/sigv4/sign.js';

export interface PipelinedPost {
  readonly url: URL;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly service: string;
}

export interface PipelinedResult {
  /** Responses by status code. */
  readonly statuses: ReadonlyMap<number, number>;
  readonly ms: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** Bytes of one signed request, renewed when the second changes. */
function requestBytes(post: PipelinedPost): () => Buffer {
  let second = -1;
  let bytes = Buffer.alloc(0);
  return () => {
    const now = Math.floor(Date.now() / 1000);
    if (now !== second) {
      const signed = signRequest({
        method: 'POST',
        path: post.url.pathname,
        query: '',
        headers: [['host', post.url.host], ...post.headers.map(([k, v]) => [k, v] as [string, string])],
        body: post.body,
        accessKeyId: post.accessKeyId,
        secretAccessKey: post.secretAccessKey,
        region: post.region,
        service: post.service,
        now: new Date(now * 1000),
      });
      const head = [`POST ${post.url.pathname} HTTP/1.1`, ...signed.headers.map(([k, v]) => `${k}: ${v}`), `content-length: ${post.body.length}`];
      bytes = Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1'), post.body]);
      second = now;
    }
    return bytes;
  };
}

/**
 * Consumes complete responses from the front of `buffer`, calling `onStatus` for each, and returns
 * what is left (an incomplete response).
 */
function takeResponses(buffer: Buffer, onStatus: (status: number) => void): Buffer {
  let offset = 0;
  for (;;) {
    const end = buffer.indexOf(HEADER_END, offset);
    if (end === -1) break;
    const head = buffer.toString('latin1', offset, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    const bodyLength = length?.[1] === undefined ? 0 : Number(length[1]);
    const next = end + HEADER_END.length + bodyLength;
    if (next > buffer.length) break;
    onStatus(status);
    offset = next;
  }
  return offset === 0 ? buffer : buffer.subarray(offset);
}

export async function postPipelined(post: PipelinedPost, total: number, connections: number, depth: number): Promise<PipelinedResult> {
  const bytes = requestBytes(post);
  const statuses = new Map<number, number>();
  let sent = 0;
  const started = process.hrtime.bigint();
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const socket: Socket = connect(Number(post.url.port), post.url.hostname);
      socket.setNoDelay(true);
      let inFlight = 0;
      let pending: Buffer = Buffer.alloc(0);
      const pump = (): void => {
        const chunks: Buffer[] = [];
        while (inFlight < depth && sent < total) {
          sent++;
          inFlight++;
          chunks.push(bytes());
        }
        if (chunks.length > 0) socket.write(Buffer.concat(chunks));
        if (inFlight === 0) {
          socket.end();
          resolve();
        }
      };
      socket.on('connect', pump);
      socket.on('error', reject);
      socket.on('close', () => (inFlight === 0 ? resolve() : reject(new Error(`connection closed with ${inFlight} requests in flight`))));
      socket.on('data', (data: Buffer) => {
        pending = takeResponses(pending.length === 0 ? data : Buffer.concat([pending, data]), (status) => {
          inFlight--;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        });
        pump();
      });
    });
  await Promise.all(Array.from({ length: connections }, one));
  return { statuses, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}
