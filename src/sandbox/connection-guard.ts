/**
 * One execution environment's share of the server's connections: every host-side listener its
 * sandbox can reach admits each new connection through the environment's one guard, which counts
 * them until they close. The connection one past the limit is closed at once and trips the guard:
 * the environment is then destroyed by its owner (onExceeded, called once), and every later
 * connection is closed on arrival, so a flood costs the server a bounded number of descriptors for
 * the moment between the trip and the sandbox's death.
 */
import type { Server, Socket } from 'node:net';

/** The names of the listeners, for the log line and the finding. */
export type GuardedListener = 'runtime-api' | 'api-relay' | 'egress-proxy' | 'egress-forward';

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

  /** Counts `socket` until it closes; false (and the socket destroyed) when it is one too many. */
  admit(socket: Socket, listener: GuardedListener): boolean {
    if (this.#tripped || this.#open >= this.limit) {
      socket.destroy();
      if (!this.#tripped) {
        this.#tripped = true;
        this.#onExceeded({ listener, limit: this.limit });
      }
      return false;
    }
    this.#open += 1;
    socket.once('close', () => {
      this.#open -= 1;
    });
    return true;
  }

  /**
   * Admits every connection of an HTTP server. Registered after the server's own connection listener,
   * so a refused socket is torn down like any client that hung up, not half set up.
   */
  watch(server: Server, listener: GuardedListener): void {
    server.on('connection', (socket: Socket) => void this.admit(socket, listener));
  }
}
