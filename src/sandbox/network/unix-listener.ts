/**
 * A Unix-socket server an environment's sandbox connects to (mode 0666: the socket file is bound
 * into that one sandbox only; the directory around it is 0711 and lists nothing), with every
 * connection tracked so close() ends them all at once.
 */
import { chmod, rm } from 'node:fs/promises';
import type { Server, Socket } from 'node:net';

export class UnixListener {
  readonly path: string;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #listening = false;

  constructor(path: string, server: Server) {
    this.path = path;
    this.#server = server;
    server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
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

/** Pipes two sockets both ways; either side ending or failing ends both. */
export function splice(a: Socket, b: Socket): void {
  const teardown = (): void => {
    a.destroy();
    b.destroy();
  };
  a.on('error', teardown);
  b.on('error', teardown);
  a.on('close', teardown);
  b.on('close', teardown);
  a.pipe(b);
  b.pipe(a);
}
