/**
 * Receipt handles: opaque to clients and unforgeable. A handle names the queue, the message and the
 * random token of one receive, authenticated with an HMAC under a key derived for this purpose only;
 * the token is checked against the stored message, so a handle from an earlier receive is stale.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const MAC_LENGTH = 16;

export interface ReceiptHandle {
  readonly queueId: string;
  readonly seq: number;
  readonly token: string;
}

export class ReceiptHandles {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    this.#key = key;
  }

  newToken(): string {
    return randomBytes(12).toString('base64url');
  }

  encode(handle: ReceiptHandle): string {
    const payload = Buffer.from(`${handle.queueId}:${handle.seq}:${handle.token}`, 'utf8');
    return Buffer.concat([payload, this.#mac(payload)]).toString('base64');
  }

  /** The handle's content, or undefined when it was not issued here (malformed or tampered with). */
  decode(text: string): ReceiptHandle | undefined {
    if (text.length === 0 || text.length > 1024 || !/^[A-Za-z0-9+/=_-]+$/.test(text)) return undefined;
    const raw = Buffer.from(text, 'base64');
    if (raw.length <= MAC_LENGTH) return undefined;
    const payload = raw.subarray(0, raw.length - MAC_LENGTH);
    const mac = raw.subarray(raw.length - MAC_LENGTH);
    if (!timingSafeEqual(mac, this.#mac(payload))) return undefined;
    const [queueId, seq, token] = payload.toString('utf8').split(':');
    if (queueId === undefined || seq === undefined || token === undefined || !/^\d+$/.test(seq)) return undefined;
    return { queueId, seq: Number(seq), token };
  }

  #mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(payload).digest().subarray(0, MAC_LENGTH);
  }
}
