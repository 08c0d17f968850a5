/**
 * Closing the connection of a request answered before its body was read (refused credentials, a declared
 * length over the limit), without resetting it under the client's feet.
 *
 * Node answers `Connection: close` by ending the socket and destroying it as soon as the FIN is out. With
 * the client still sending, the kernel then has unread data and answers with a reset, and a client that is
 * still writing sees EPIPE/ECONNRESET instead of the error we sent (SDKs retry it as a network failure).
 * So, as web servers do ("lingering close"), the server keeps discarding what arrives for a short while
 * after its FIN, until the client closes, and only then destroys the socket. Nothing is buffered: Node
 * dumps the unread request body.
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How long a refused client may keep sending (discarded) after the answer before the connection is dropped. */
export const DEFAULT_LINGER_MS = 2_000;

export function lingerAfterResponse(res: ServerResponse, socket: Socket, lingerMs = DEFAULT_LINGER_MS): void {
  res.once('finish', () => {
    // Node's own 'finish' handler ran first and queued `destroy` for when the socket's FIN is out; without
    // that listener (another Node version) the connection is simply reset, as before.
    if (!socket.listeners('finish').includes(socket.destroy)) return;
    socket.removeListener('finish', socket.destroy);
    const timer = setTimeout(() => socket.destroy(), lingerMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    socket.once('end', () => socket.destroy());
  });
}
