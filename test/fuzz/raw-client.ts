/**
 * Sends one fuzz request as bytes: signed with SigV4 (the project's own signer, the same canonicalization
 * the server verifies) over a keep-alive loopback connection, so malformed bodies reach the server as they are.
 */
import { Agent, request } from 'node:http';
import { signRequest } from '../../src/iam/sigv4/sign.js';
import type { WireRequest } from './wire-request.js';

class StaleSocketError extends Error {
  constructor(cause: Error) {
    super('a reused keep-alive socket was closed by the server', { cause });
  }
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface RawClientOptions {
  readonly url: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export class RawClient {
  readonly #options: RawClientOptions;
  readonly #host: string;
  readonly #port: number;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  #retries = 0;

  constructor(options: RawClientOptions) {
    this.#options = options;
    const url = new URL(options.url);
    this.#host = url.hostname;
    this.#port = Number(url.port);
  }

  /**
   * Sends once; again once on a fresh connection when a reused keep-alive socket turns out to have been
   * closed by the server's idle timeout as the request went out (the race Node documents for
   * `request.reusedSocket`): that is the client's pool, not the server failing the request.
   */
  async send(service: string, req: WireRequest): Promise<RawResponse> {
    try {
      return await this.#sendOnce(service, req);
    } catch (err) {
      if (!(err instanceof StaleSocketError)) throw err;
      this.#retries++;
      return this.#sendOnce(service, req);
    }
  }

  #sendOnce(service: string, req: WireRequest): Promise<RawResponse> {
    const host = `${this.#host}:${this.#port}`;
    const headers: Array<[string, string]> = [['host', host], ...req.headers];
    if (req.body.length > 0 || req.method === 'POST' || req.method === 'PUT') headers.push(['content-length', String(req.body.length)]);
    const signed = signRequest({
      method: req.method,
      path: req.path,
      query: req.query,
      headers,
      body: req.body,
      accessKeyId: this.#options.accessKeyId,
      secretAccessKey: this.#options.secretAccessKey,
      region: this.#options.region,
      service,
      now: new Date(),
    });
    const path = req.query === '' ? req.path : `${req.path}?${req.query}`;
    return new Promise((resolve, reject) => {
      const outgoing = request(
        { host: this.#host, port: this.#port, method: req.method, path, agent: this.#agent, headers: signed.headers.flat(), setHost: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.once('error', reject);
        },
      );
      outgoing.once('error', (err: NodeJS.ErrnoException) => {
        const stale = outgoing.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
        reject(stale ? new StaleSocketError(err) : err);
      });
      outgoing.end(req.body);
    });
  }

  /** Requests sent again after a stale keep-alive socket. */
  get retries(): number {
    return this.#retries;
  }

  close(): void {
    this.#agent.destroy();
  }
}
