/**
 * Reads a request body, refusing more than `limit` bytes without buffering them, optionally hashing it as
 * it streams and charging it to an unverified-body budget (pausing the request while the budget is spent).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { BudgetClaim } from './unverified-body-budget.js';

export class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
    this.name = 'BodyTooLargeError';
  }
}

export class BodyAbortedError extends Error {
  constructor() {
    super('the client went away before the request body was complete');
    this.name = 'BodyAbortedError';
  }
}

export interface ReadBodyOptions {
  readonly limit: number;
  /** Compute the body's SHA-256 (hex) while it streams. */
  readonly sha256?: boolean;
  /** Charge every chunk here; the request is paused whenever the claim may not continue. */
  readonly claim?: BudgetClaim;
}

export interface ReadBody {
  /** The chunks as received; join them with bodyBuffer only once the body is wanted. */
  readonly chunks: readonly Buffer[];
  readonly size: number;
  readonly sha256?: string;
}

/** The declared Content-Length is over `limit` (a request can be refused before a byte of its body is read). */
export function declaresMoreThan(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length'] ?? '0');
  return Number.isFinite(declared) && declared > limit;
}

/** Body bytes may still arrive: the request declared a body (a length or chunked) and it has not all been read. */
export function hasUnreadBody(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function bodyBuffer(body: ReadBody): Buffer {
  const first = body.chunks[0];
  return body.chunks.length === 1 && first !== undefined ? first : Buffer.concat(body.chunks, body.size);
}

export function readBody(req: IncomingMessage, options: ReadBodyOptions): Promise<ReadBody> {
  const { limit, sha256, claim } = options;
  if (declaresMoreThan(req, limit)) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const hash = sha256 === true ? createHash('sha256') : undefined;
    let size = 0;
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      req.removeListener('data', onData);
      req.pause();
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        fail(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
      hash?.update(chunk);
      if (claim !== undefined && !claim.charge(chunk.length)) {
        req.pause();
        void claim.whenMayContinue().then(() => {
          if (!settled) req.resume();
        });
      }
    };
    req.on('data', onData);
    req.once('end', () => {
      if (settled) return;
      settled = true;
      resolve({ chunks, size, ...(hash === undefined ? {} : { sha256: hash.digest('hex') }) });
    });
    req.once('error', fail);
    // A client that disconnects while its request is paused sends no 'end' and maybe no 'error'.
    // 'close' comes after every request, read or not: build the error only for one still being read.
    req.once('close', () => {
      if (!settled) fail(new BodyAbortedError());
    });
  });
}
