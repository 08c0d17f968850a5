/**
 * A Unix-socket server an environment's sandbox connects to (mode 0666: the socket file is bound
 * into that one sandbox only; the directory around it is 0711 and lists nothing), with every
 * connection admitted through the environment's connection guard and tracked so close() ends them
 * all at once.
 */
import { chmod, rm } from 'node:fs/promises';
import type { Server, Socket } from 'node:net';
import type { ConnectionGuard, GuardedListener } from '../connection-guard.js';

export interface UnixListenerOptions {
  readonly path: string;
  readonly server: Server;
  readonly guard: ConnectionGuard;
  readonly name: GuardedListener;
  /**
   * A raw (non-HTTP) server's handler, called only with admitted connections. An HTTP server has its
   * own, registered before this listener's, and a refused socket is destroyed after it.
   */
  readonly onConnection?: (socket: Socket) => void;
}

export class UnixListener {
  readonly path: string;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #listening = false;

  constructor(options: UnixListenerOptions) {
    this.path = options.path;
    this.#server = options.server;
    const { onConnection } = options;
    options.guard.attach(this.#server, options.name, (socket: Socket) => {
      this.track(socket);
      onConnection?.(socket);
    });
  }

  /** Keeps `socket` (e.g. the upstream of a relayed connection) to be destroyed on close. */
  track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.path, () => {
        this.#server.removeListener('error', reject);
        resolve();
      });
    });
    this.#listening = true;
    await chmod(this.path, 0o666);
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    if (this.#listening) await rm(this.path, { force: true });
  }
}

/**
 * Pipes two sockets both ways; either side ending or failing ends both, and so does `idleMs` without
 * a byte either way (a socket's timer restarts on its reads and writes, so one side's suffices, but
 * both are armed: either may be the one a half-dead peer stops).
 */
export function splice(a: Socket, b: Socket, idleMs: number): void {
  const teardown = (): void => {
    a.destroy();
    b.destroy();
  };
  a.on('error', teardown);
  b.on('error', teardown);
  a.on('close', teardown);
  b.on('close', teardown);
  a.setTimeout(idleMs, teardown);
  b.setTimeout(idleMs, teardown);
  a.pipe(b);
  b.pipe(a);
}
