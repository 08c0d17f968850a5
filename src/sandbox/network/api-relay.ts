/**
 * The host side of an environment's lambdabox API relay: a Unix socket bound into the sandbox whose
 * every connection is piped to the front door's TCP port. The sandbox itself has no route to that
 * port (its own network namespace holds only loopback); this socket is its one way to the API, where
 * every request is authenticated and authorized like any other (as the execution role, with the
 * credentials the environment was given). Each connection counts against the environment's share
 * (connection-guard.ts) and is closed after the idle timeout.
 */
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import type { ConnectionGuard } from '../connection-guard.js';
import type { ListenerLimits } from '../listener-limits.js';
import { splice, UnixListener } from './unix-listener.js';

export interface RelayTarget {
  readonly host: string;
  readonly port: number;
}

/** A wildcard listen address is reached on the loopback of the same family. */
export function dialableHost(address: string): string {
  if (address === '0.0.0.0' || address === '') return '127.0.0.1';
  if (address === '::') return '::1';
  return address;
}

export interface ApiRelayOptions {
  readonly socketPath: string;
  readonly target: () => RelayTarget | undefined;
  readonly guard: ConnectionGuard;
  readonly limits: ListenerLimits;
}

export async function listenApiRelay(options: ApiRelayOptions): Promise<UnixListener> {
  const { target, limits } = options;
  const listener: UnixListener = new UnixListener({
    path: options.socketPath,
    server: createServer(),
    guard: options.guard,
    name: 'api-relay',
    onConnection: (client: Socket) => {
      const t = target();
      if (t === undefined) return void client.destroy();
      const upstream = connect({ host: dialableHost(t.host), port: t.port, noDelay: true });
      listener.track(upstream);
      splice(client, upstream, limits.idleTimeoutMs);
    },
  });
  await listener.listen();
  return listener;
}
