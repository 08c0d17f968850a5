/**
 * The nodes' internal channel: a request from one node to another carries an HMAC over its method, path,
 * sender, time, nonce, metadata and body hash, under a key derived from the master key every node of the
 * cluster shares; the answer is signed over the request's nonce, so neither can be forged, replayed
 * within the window, or answered by something that is not a node. Outside callers never get this far:
 * the routes refuse anything unsigned before reading more than the header.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { KeyService } from '../shared/crypto/key-service.js';

export const NODE_KEY_PURPOSE = 'lambdabox/node-channel/v1';
/** How far a request's time may be from the receiver's clock (and how long a nonce is remembered). */
export const NODE_CHANNEL_WINDOW_MS = 60_000;

export const H = {
  node: 'x-lbx-node',
  date: 'x-lbx-date',
  nonce: 'x-lbx-nonce',
  meta: 'x-lbx-meta',
  sha: 'x-lbx-content-sha256',
  signature: 'x-lbx-signature',
} as const;

export interface SignedHead {
  readonly node: string;
  readonly date: string;
  readonly nonce: string;
  /** base64url JSON the route defines (the invoke's fields, the result's fields). */
  readonly meta: string;
  readonly sha: string;
}

function header(headers: IncomingHttpHeaders | Headers, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = headers[name];
  return typeof v === 'string' ? v : undefined;
}

export class NodeChannelKey {
  readonly #key: Buffer;
  /** Nonces seen within the window, with when they may be forgotten. */
  readonly #seen = new Map<string, number>();

  constructor(keys: KeyService) {
    this.#key = keys.deriveKey(NODE_KEY_PURPOSE);
  }

  #mac(kind: string, method: string, path: string, h: SignedHead): string {
    return createHmac('sha256', this.#key)
      .update([kind, method, path, h.node, h.date, h.nonce, h.meta, h.sha].join('\n'))
      .digest('hex');
  }

  /** Headers for a request from `node`. */
  signRequest(node: string, method: string, path: string, meta: string, body: Uint8Array, now: number): Record<string, string> {
    const head: SignedHead = { node, date: String(now), nonce: randomBytes(16).toString('hex'), meta, sha: sha256Hex(body) };
    return this.#headers(head, this.#mac('LBX-NODE-REQUEST-1', method, path, head));
  }

  /** Headers for the answer to a request with this nonce. */
  signResponse(node: string, requestNonce: string, meta: string, body: Uint8Array, now: number): Record<string, string> {
    const head: SignedHead = { node, date: String(now), nonce: requestNonce, meta, sha: sha256Hex(body) };
    return this.#headers(head, this.#mac('LBX-NODE-RESPONSE-1', '', '', head));
  }

  #headers(h: SignedHead, signature: string): Record<string, string> {
    return { [H.node]: h.node, [H.date]: h.date, [H.nonce]: h.nonce, [H.meta]: h.meta, [H.sha]: h.sha, [H.signature]: signature };
  }

  /**
   * The request head if its signature is good, its time within the window and its nonce unseen (the nonce
   * is then remembered); the body hash is checked separately (`bodyMatches`) once the body is read.
   */
  verifyRequest(method: string, path: string, headers: IncomingHttpHeaders, now: number): SignedHead | undefined {
    const head = this.#readHead(headers);
    if (head === undefined) return undefined;
    const date = Number(head.date);
    if (!Number.isSafeInteger(date) || Math.abs(now - date) > NODE_CHANNEL_WINDOW_MS) return undefined;
    if (!this.#equal(header(headers, H.signature), this.#mac('LBX-NODE-REQUEST-1', method, path, head))) return undefined;
    this.#forget(now);
    if (this.#seen.has(head.nonce)) return undefined;
    this.#seen.set(head.nonce, now + 2 * NODE_CHANNEL_WINDOW_MS);
    return head;
  }

  /** Checks an answer: signed by a node, over the nonce we sent, with the body it describes. */
  verifyResponse(requestNonce: string, headers: Headers, body: Uint8Array): SignedHead | undefined {
    const head = this.#readHead(headers);
    if (head === undefined || head.nonce !== requestNonce || !bodyMatches(head, body)) return undefined;
    return this.#equal(header(headers, H.signature), this.#mac('LBX-NODE-RESPONSE-1', '', '', head)) ? head : undefined;
  }

  #readHead(headers: IncomingHttpHeaders | Headers): SignedHead | undefined {
    const node = header(headers, H.node);
    const date = header(headers, H.date);
    const nonce = header(headers, H.nonce);
    const meta = header(headers, H.meta);
    const sha = header(headers, H.sha);
    if (node === undefined || date === undefined || nonce === undefined || meta === undefined || sha === undefined) return undefined;
    return { node, date, nonce, meta, sha };
  }

  #equal(given: string | undefined, expected: string): boolean {
    if (given === undefined || given.length !== expected.length) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  }

  #forget(now: number): void {
    for (const [nonce, until] of this.#seen) {
      if (until > now) break; // insertion order is time order
      this.#seen.delete(nonce);
    }
  }
}

export function bodyMatches(head: SignedHead, body: Uint8Array): boolean {
  return sha256Hex(body) === head.sha;
}

function sha256Hex(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

export function encodeMeta(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeMeta(text: string): unknown {
  return JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
}
