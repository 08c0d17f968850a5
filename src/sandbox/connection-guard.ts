/**
 * One execution environment's share of the server's connections: every host-side listener its
 * sandbox can reach admits each new connection through the environment's one guard, which counts
 * them until they close. The connection one past the limit is closed at once and trips the guard:
 * every listener stops listening right there (which also ends the accept loop the flood is in:
 * otherwise a full backlog, 511 connections, would be accepted in the same turn), and the
 * environment is destroyed by its owner (onExceeded, called once). A flood thus costs the server
 * at most the limit and a few descriptors more.
 */
import type { Server, Socket } from 'node:net';

/** The names of the listeners, for the log line and the finding. */
export type GuardedListener = 'runtime-api' | 'api-relay' | 'egress-proxy' | 'egress-forward' | 'xray-relay';

export interface ConnectionLimitExceeded {
  readonly listener: GuardedListener;
  readonly limit: number;
}

export interface ConnectionGuardOptions {
  readonly limit: number;
  readonly onExceeded: (event: ConnectionLimitExceeded) => void;
}

export class ConnectionGuard {
  readonly limit: number;
  readonly #onExceeded: (event: ConnectionLimitExceeded) => void;
  readonly #servers = new Set<Server>();
  #open = 0;
  #tripped = false;

  constructor(options: ConnectionGuardOptions) {
    this.limit = options.limit;
    this.#onExceeded = options.onExceeded;
  }

  /** Connections admitted and not yet closed. */
  get open(): number {
    return this.#open;
  }

  get tripped(): boolean {
    return this.#tripped;
  }

  /**
   * Admits every connection of `server`; `onAdmitted` gets the admitted ones (a raw server's handler).
   * Call it after an HTTP server is created: its own connection listener comes first, so a refused
   * socket is torn down like any client that hung up, not half set up.
   */
  attach(server: Server, listener: GuardedListener, onAdmitted?: (socket: Socket) => void): void {
    this.#servers.add(server);
    server.on('connection', (socket: Socket) => {
      if (this.#admit(socket, listener)) onAdmitted?.(socket);
    });
  }

  #admit(socket: Socket, listener: GuardedListener): boolean {
    if (this.#tripped || this.#open >= this.limit) {
      socket.destroy();
      if (!this.#tripped) this.#trip(listener);
      return false;
    }
    this.#open += 1;
    socket.once('close', () => {
      this.#open -= 1;
    });
    return true;
  }

  #trip(listener: GuardedListener): void {
    this.#tripped = true;
    // Closing a server that is not listening (yet, or any more) is harmless: it only reports that.
    for (const server of this.#servers) server.close();
    this.#onExceeded({ listener, limit: this.limit });
  }
}
