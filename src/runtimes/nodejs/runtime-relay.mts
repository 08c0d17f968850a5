/**
 * A TCP listener on AWS_LAMBDA_RUNTIME_API's host:port that pipes each connection to the Runtime
 * API's Unix socket, so TCP-only code inside the environment (a bundled RIC, an SDK, curl) reaches
 * the Runtime API at the address Lambda advertises; and the UDP relays (the X-Ray daemon address) that frame
 * datagrams onto a Unix stream. Everything is unref'd: the relay must never keep
 * the runtime alive or delay a callback handler's "empty event loop".
 */
import { createSocket as createDgramSocket } from 'node:dgram';
import type { Socket as DgramSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** `host:port`, `[v6]:port`; undefined when there is no usable port. */
export function parseListenAddress(authority: string): ListenAddress | undefined {
  const colon = authority.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const port = Number(authority.slice(colon + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  let host = authority.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host, port };
}

function relayConnection(client: Socket, socketPath: string): void {
  client.unref();
  const upstream = connect(socketPath);
  upstream.unref();
  const teardown = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', teardown);
  upstream.on('error', teardown);
  client.on('close', teardown);
  upstream.on('close', teardown);
  client.pipe(upstream);
  upstream.pipe(client);
}

export interface RelayForward {
  readonly address: ListenAddress;
  readonly socketPath: string;
}

/**
 * The platform's extra relays (_LAMBDABOX_TCP_RELAYS: whitespace-separated `host:port=/socket`),
 * e.g. the lambdabox API at AWS_ENDPOINT_URL and the egress proxy. Malformed entries are skipped.
 */
export function parseRelayList(value: string | undefined): RelayForward[] {
  const forwards: RelayForward[] = [];
  for (const entry of (value ?? '').split(/\s+/)) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const address = parseListenAddress(entry.slice(0, eq));
    const socketPath = entry.slice(eq + 1);
    if (address !== undefined && socketPath.startsWith('/')) forwards.push({ address, socketPath });
  }
  return forwards;
}

export function startRelay(socketPath: string, address: ListenAddress): Promise<Server> {
  const server = createServer({ noDelay: true }, (client) => relayConnection(client, socketPath));
  return new Promise<Server>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address.host, port: address.port, exclusive: true }, () => {
      server.removeListener('error', reject);
      server.unref();
      resolve(server);
    });
  });
}

/** The largest datagram forwarded (UDP's payload limit and X-Ray's 64 KB document). */
const MAX_DATAGRAM_BYTES = 64 * 1024;
/** Bytes waiting for the Unix socket beyond which datagrams are dropped, as a full daemon buffer drops them. */
const MAX_QUEUED_BYTES = 1024 * 1024;

/**
 * A UDP listener (the X-Ray daemon address) whose every datagram goes to `socketPath` as a frame: a 4-byte
 * big-endian length, then the datagram, over one Unix stream connection opened on the first datagram and
 * again after it ends. Datagrams are best effort, as UDP is: one that cannot be sent is dropped.
 */
export function startUdpRelay(socketPath: string, address: ListenAddress): Promise<DgramSocket> {
  const socket = createDgramSocket(address.host.includes(':') ? 'udp6' : 'udp4');
  let upstream: Socket | undefined;
  const connection = (): Socket => {
    if (upstream !== undefined && !upstream.destroyed) return upstream;
    const s = connect(socketPath);
    s.unref();
    s.on('error', () => s.destroy());
    s.on('close', () => {
      if (upstream === s) upstream = undefined;
    });
    upstream = s;
    return s;
  };
  socket.on('message', (datagram: Buffer) => {
    if (datagram.length === 0 || datagram.length > MAX_DATAGRAM_BYTES) return;
    const s = connection();
    if (s.writableLength > MAX_QUEUED_BYTES) return;
    const frame = Buffer.allocUnsafe(4 + datagram.length);
    frame.writeUInt32BE(datagram.length, 0);
    datagram.copy(frame, 4);
    s.write(frame);
  });
  return new Promise<DgramSocket>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: address.host, port: address.port, exclusive: true }, () => {
      socket.removeListener('error', reject);
      socket.on('error', () => undefined);
      socket.unref();
      resolve(socket);
    });
  });
}
