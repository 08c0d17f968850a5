/**
 * An environment's egress path, on the host: an HTTP proxy on a Unix socket (the sandbox reaches it
 * at HTTPS_PROXY/HTTP_PROXY through its in-sandbox relay) that serves CONNECT (any TCP protocol,
 * TLS included) and absolute-form plain HTTP requests, plus per-destination forwarders (a Unix
 * socket whose every connection goes to one fixed host:port) for TCP clients that know no proxy.
 * Every attempt goes through the gate first; a refusal is immediate: 403 from the proxy, a closed
 * connection from a forwarder. Connections go to the address the gate chose, never re-resolved.
 * Every connection counts against the environment's share (connection-guard.ts); the proxy has head,
 * request and idle timeouts, tunnels and forwards the idle timeout, and proxied plain-HTTP requests
 * share an agent of at most that many sockets (pipelined requests on one connection would otherwise
 * each open their own upstream).
 */
import { Agent, createServer as createHttpServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ConnectionGuard } from '../connection-guard.js';
import { connectionsCheckingInterval } from '../listener-limits.js';
import type { ListenerLimits } from '../listener-limits.js';
import type { EgressVerdict } from './egress-check.js';
import { splice, UnixListener } from './unix-listener.js';

export type EgressVia = 'connect' | 'http' | 'forward';
export type EgressGate = (host: string, port: number, via: EgressVia) => Promise<EgressVerdict>;

export const CONNECT_TIMEOUT_MS = 10_000;

/** `host:port` or `[v6]:port` of a CONNECT request. */
export function parseAuthority(authority: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(authority);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (host === undefined || !(port >= 1 && port <= 65535)) return undefined;
  return { host, port };
}

function dial(address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port, noDelay: true });
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(new Error('connect timed out')));
    socket.once('connect', () => {
      socket.setTimeout(0);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function rawResponse(status: number, text: string, reason: string): string {
  const body = `${reason}\n`;
  return (
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Lambdabox-Egress: ${status === 403 ? 'denied' : 'failed'}\r\nConnection: close\r\n\r\n${body}`
  );
}

const HOP_BY_HOP = new Set(['proxy-connection', 'proxy-authorization', 'connection', 'keep-alive', 'te', 'trailer', 'upgrade']);

/** A message's headers without the hop-by-hop ones, which belong to one connection (RFC 9110 §7.6.1). */
function endToEnd(from: IncomingHttpHeaders): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(from)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  return headers;
}

export interface EgressProxyOptions {
  readonly gate: EgressGate;
  readonly guard: ConnectionGuard;
  readonly limits: ListenerLimits;
}

export class EgressProxy {
  readonly #gate: EgressGate;
  readonly #guard: ConnectionGuard;
  readonly #limits: ListenerLimits;
  readonly #agent: Agent;
  readonly #listeners: UnixListener[] = [];

  constructor(options: EgressProxyOptions) {
    this.#gate = options.gate;
    this.#guard = options.guard;
    this.#limits = options.limits;
    this.#agent = new Agent({ keepAlive: false, maxTotalSockets: options.limits.connectionsPerEnvironment });
  }

  /** The proxy itself. */
  async listenProxy(socketPath: string): Promise<void> {
    const limits = this.#limits;
    const server = createHttpServer({
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: connectionsCheckingInterval(limits),
    });
    // A kept-alive or proxied-request connection silent this long goes; a CONNECT tunnel leaves the
    // server's timers and gets its own in splice().
    server.setTimeout(limits.idleTimeoutMs);
    const listener = new UnixListener({ path: socketPath, server, guard: this.#guard, name: 'egress-proxy' });
    server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
      void this.#connect(req, client as Socket, head, listener);
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.#forwardHttp(req, res));
    await this.#start(listener);
  }

  /** A forwarder: each connection to `socketPath` goes to host:port, if the gate allows. */
  async listenForward(socketPath: string, host: string, port: number): Promise<void> {
    const idleMs = this.#limits.idleTimeoutMs;
    const listener: UnixListener = new UnixListener({
      path: socketPath,
      server: createServer({ allowHalfOpen: false }),
      guard: this.#guard,
      name: 'egress-forward',
      onConnection: (client: Socket) => {
        client.on('error', () => client.destroy());
        // Until the gate and the dial are done nothing else watches the client: a silent one still goes.
        client.setTimeout(idleMs, () => client.destroy());
        void (async () => {
          const verdict = await this.#gate(host, port, 'forward');
          if (!verdict.allowed || client.destroyed) return client.destroy();
          try {
            const upstream = await dial(verdict.address, port);
            listener.track(upstream);
            if (client.destroyed) return upstream.destroy();
            splice(client, upstream, idleMs);
          } catch {
            client.destroy();
          }
        })();
      },
    });
    await this.#start(listener);
  }

  async #start(listener: UnixListener): Promise<void> {
    await listener.listen();
    this.#listeners.push(listener);
  }

  async #connect(req: IncomingMessage, client: Socket, head: Buffer, listener: UnixListener): Promise<void> {
    client.on('error', () => client.destroy());
    const target = parseAuthority(req.url ?? '');
    if (target === undefined) return void client.end(rawResponse(400, 'Bad Request', 'CONNECT needs host:port'));
    const verdict = await this.#gate(target.host, target.port, 'connect');
    if (!verdict.allowed) return void client.end(rawResponse(403, 'Forbidden', `lambdabox egress denied: ${verdict.reason}`));
    let upstream: Socket;
    try {
      upstream = await dial(verdict.address, target.port);
    } catch (err) {
      return void client.end(rawResponse(502, 'Bad Gateway', `lambdabox egress: ${(err as Error).message}`));
    }
    listener.track(upstream);
    if (client.destroyed) return void upstream.destroy();
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    splice(client, upstream, this.#limits.idleTimeoutMs);
  }

  async #forwardHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const deny = (status: number, reason: string): void => {
      res.writeHead(status, { 'Content-Type': 'text/plain', 'X-Lambdabox-Egress': status === 403 ? 'denied' : 'failed', Connection: 'close' });
      res.end(`${reason}\n`);
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      return deny(400, 'lambdabox egress proxy: absolute http:// URL or CONNECT expected');
    }
    if (url.protocol !== 'http:') return deny(400, 'lambdabox egress proxy: only http:// is forwarded; use CONNECT');
    const port = url.port === '' ? 80 : Number(url.port);
    const verdict = await this.#gate(url.hostname, port, 'http');
    if (!verdict.allowed) return deny(403, `lambdabox egress denied: ${verdict.reason}`);
    const headers = endToEnd(req.headers);
    const upstream = httpRequest(
      {
        agent: this.#agent,
        host: verdict.address,
        port,
        method: req.method,
        path: `${url.pathname}${url.search}`,
        headers,
        setHost: false,
        timeout: CONNECT_TIMEOUT_MS,
      },
      (answer) => {
        // The upstream connection's own terms (Connection: close from our agent's one-shot sockets) are
        // not the client's: its connection to the proxy stays kept alive.
        res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error('timed out')));
    upstream.on('error', (err) => (res.headersSent ? res.destroy() : deny(502, `lambdabox egress: ${err.message}`)));
    req.pipe(upstream);
  }

  async close(): Promise<void> {
    await Promise.all(this.#listeners.splice(0).map((l) => l.close()));
    this.#agent.destroy();
  }
}
