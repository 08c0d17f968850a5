/**
 * One persistent connection to the Runtime API (Unix socket or TCP) carrying one request at a time.
 * While idle the socket is unref'd: a callback handler's "wait for an empty event loop" must not be
 * held up by our own connection, exactly as the RIC's native client holds no event-loop handle.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { ResponseParser } from './http-response-parser.mjs';
import type { HttpResponse } from './http-response-parser.mjs';

export type RuntimeEndpoint =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

interface Pending {
  readonly resolve: (response: HttpResponse) => void;
  readonly reject: (err: Error) => void;
  readonly request: string;
  readonly body: Buffer | undefined;
  /** Sent on a connection that had already answered: a close before any byte is a stale keep-alive. */
  reused: boolean;
}

export class ConnectionClosedError extends Error {}

function write(socket: Socket, request: string, body: Buffer | undefined): void {
  socket.ref();
  if (body === undefined) {
    socket.write(request);
    return;
  }
  socket.cork();
  socket.write(request);
  socket.write(body);
  socket.uncork();
}

export class HttpConnection {
  readonly #endpoint: RuntimeEndpoint;
  #socket: Socket | undefined;
  #parser = new ResponseParser();
  #answered = 0;
  #pending: Pending | undefined;

  constructor(endpoint: RuntimeEndpoint) {
    this.#endpoint = endpoint;
  }

  get busy(): boolean {
    return this.#pending !== undefined;
  }

  /**
   * `request` is the head, or head and text body as one string (one write, one syscall);
   * a binary body comes separately.
   */
  send(request: string, body?: Buffer): Promise<HttpResponse> {
    if (this.#pending !== undefined) return Promise.reject(new Error('HttpConnection: a request is in flight'));
    return new Promise<HttpResponse>((resolve, reject) => {
      const socket = this.#open();
      this.#pending = { resolve, reject, request, body, reused: this.#answered > 0 };
      write(socket, request, body);
    });
  }

  close(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.destroy();
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.reject(new ConnectionClosedError('Runtime API connection closed'));
  }

  #open(): Socket {
    const current = this.#socket;
    if (current !== undefined && !current.destroyed && current.writable) return current;
    const endpoint = this.#endpoint;
    const socket = endpoint.kind === 'unix' ? connect(endpoint.path) : connect(endpoint.port, endpoint.host);
    if (endpoint.kind === 'tcp') socket.setNoDelay(true);
    this.#socket = socket;
    this.#parser = new ResponseParser();
    this.#answered = 0;
    socket.on('data', (data: Buffer) => this.#onData(socket, data));
    socket.on('error', (err: Error) => this.#onGone(socket, err));
    socket.on('close', () => this.#onGone(socket, undefined));
    return socket;
  }

  #onData(socket: Socket, data: Buffer): void {
    if (socket !== this.#socket) return;
    let response: HttpResponse | undefined;
    try {
      response = this.#parser.push(data);
    } catch (err) {
      this.#socket = undefined;
      socket.destroy();
      this.#fail(err as Error);
      return;
    }
    if (response === undefined) return;
    this.#answered += 1;
    if (response.close) {
      this.#socket = undefined;
      socket.destroy();
    } else {
      socket.unref();
    }
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.resolve(response);
  }

  #onGone(socket: Socket, err: Error | undefined): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    const pending = this.#pending;
    if (pending === undefined) return;
    const response = this.#parser.end();
    if (response !== undefined) {
      this.#pending = undefined;
      pending.resolve(response);
      return;
    }
    if (pending.reused && !this.#parser.started) {
      // The server dropped an idle connection before reading the request: resend it once, fresh.
      pending.reused = false;
      write(this.#open(), pending.request, pending.body);
      return;
    }
    this.#fail(err ?? new ConnectionClosedError('Runtime API connection closed before the response'));
  }

  #fail(err: Error): void {
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.reject(err);
  }
}
