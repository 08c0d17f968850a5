/**
 * The host side of an environment's X-Ray daemon address. Inside, the runtime's bootstrap listens for UDP at
 * 127.0.0.1:2000 (AWS_XRAY_DAEMON_ADDRESS) and forwards each datagram over one Unix stream connection to
 * `xray.sock` as a frame: a 4-byte big-endian length, then the datagram (Node's dgram has no Unix datagram
 * sockets, and a stream keeps one connection however many datagrams). Each datagram is what the X-Ray SDKs
 * send the daemon: the header line `{"format":"json","version":1}` and a segment document after the newline.
 * The documents go to the sink (the X-Ray ingest, as the environment's account).
 *
 * Bounds: a frame longer than a UDP datagram (64 KB) is a protocol violation and ends the connection; each
 * environment may hand over at most `ratePerSecond` datagrams a second (burst `burst`) and the rest are dropped
 * and counted, as a daemon drops what it cannot buffer; a connection holds at most one frame's bytes unparsed.
 * Connections count against the environment's guard like every other listener's.
 */
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import type { ConnectionGuard } from '../connection-guard.js';
import type { ListenerLimits } from '../listener-limits.js';
import { UnixListener } from './unix-listener.js';

/** The largest datagram the relay forwards (the UDP payload limit, and X-Ray's 64 KB document). */
export const MAX_DATAGRAM_BYTES = 64 * 1024;
const FRAME_HEADER_BYTES = 4;

/** Documents of one environment's account; never throws (the ingest buffers and counts). */
export type TraceSink = (documents: readonly string[]) => void;

export interface XrayRelayStats {
  forwarded: number;
  /** Datagrams without the daemon's header line. */
  malformed: number;
  /** Datagrams over the environment's rate. */
  dropped: number;
}

export interface XrayRelayOptions {
  readonly socketPath: string;
  readonly sink: TraceSink;
  readonly guard: ConnectionGuard;
  readonly limits: ListenerLimits;
  /** @default 500 */
  readonly ratePerSecond?: number;
  /** @default 1000 */
  readonly burst?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Called on the first datagram dropped for the rate (then every 1000th), for the server log. */
  readonly onDropped?: (stats: Readonly<XrayRelayStats>) => void;
}

/** The segment document of one daemon datagram, or undefined when it has no valid header line. */
export function daemonDocument(datagram: Buffer): string | undefined {
  const nl = datagram.indexOf(0x0a);
  if (nl <= 0) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(datagram.subarray(0, nl).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null) return undefined;
  const h = header as Record<string, unknown>;
  if (h['format'] !== 'json' || h['version'] !== 1) return undefined;
  const doc = datagram.subarray(nl + 1).toString('utf8').trim();
  return doc.length === 0 ? undefined : doc;
}

/** A token bucket: `take()` is false once the rate is spent. */
class Bucket {
  #tokens: number;
  #at: number;
  constructor(
    readonly rate: number,
    readonly burst: number,
    readonly now: () => number,
  ) {
    this.#tokens = burst;
    this.#at = now();
  }
  take(): boolean {
    const t = this.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((t - this.#at) / 1000) * this.rate);
    this.#at = t;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

export class XrayRelay {
  readonly stats: XrayRelayStats = { forwarded: 0, malformed: 0, dropped: 0 };
  readonly #o: XrayRelayOptions;
  readonly #bucket: Bucket;
  readonly #listener: UnixListener;

  constructor(options: XrayRelayOptions) {
    this.#o = options;
    this.#bucket = new Bucket(options.ratePerSecond ?? 500, options.burst ?? 1000, options.now ?? Date.now);
    this.#listener = new UnixListener({
      path: options.socketPath,
      server: createServer(),
      guard: options.guard,
      name: 'xray-relay',
      onConnection: (socket) => this.#serve(socket),
    });
  }

  listen(): Promise<void> {
    return this.#listener.listen();
  }

  close(): Promise<void> {
    return this.#listener.close();
  }

  #serve(socket: Socket): void {
    // One frame's bytes at most, copied once each: a frame sent a byte at a time costs its length, not its
    // length squared (re-concatenating the buffered part on every chunk would).
    const header = Buffer.alloc(FRAME_HEADER_BYTES);
    let headerFill = 0;
    let frame: Buffer | undefined;
    let frameFill = 0;
    socket.setTimeout(this.#o.limits.idleTimeoutMs, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length) {
        if (frame === undefined) {
          const n = Math.min(FRAME_HEADER_BYTES - headerFill, chunk.length - at);
          chunk.copy(header, headerFill, at, at + n);
          headerFill += n;
          at += n;
          if (headerFill < FRAME_HEADER_BYTES) return;
          const length = header.readUInt32BE(0);
          if (length === 0 || length > MAX_DATAGRAM_BYTES) {
            socket.destroy();
            return;
          }
          frame = Buffer.allocUnsafe(length);
          frameFill = 0;
          headerFill = 0;
          continue;
        }
        const n = Math.min(frame.length - frameFill, chunk.length - at);
        chunk.copy(frame, frameFill, at, at + n);
        frameFill += n;
        at += n;
        if (frameFill === frame.length) {
          const done = frame;
          frame = undefined;
          this.#datagram(done);
        }
      }
    });
  }

  #datagram(datagram: Buffer): void {
    if (!this.#bucket.take()) {
      this.stats.dropped++;
      if (this.stats.dropped % 1000 === 1) this.#o.onDropped?.(this.stats);
      return;
    }
    const doc = daemonDocument(datagram);
    if (doc === undefined) {
      this.stats.malformed++;
      return;
    }
    this.stats.forwarded++;
    this.#o.sink([doc]);
  }
}
