/**
 * A TCP listener on AWS_LAMBDA_RUNTIME_API's host:port that pipes each connection to the Runtime
 * API's Unix socket, so TCP-only code inside the environment (a bundled RIC, an SDK, curl) reaches
 * the Runtime API at the address Lambda advertises. Everything is unref'd: the relay must never keep
 * the runtime alive or delay a callback handler's "empty event loop".
 */
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
