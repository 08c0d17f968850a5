/**
 * The front door: one HTTP port for every service. A request is routed by its SigV4
 * credential-scope service, then by path, its body is read within the operation's limit, the
 * signature is verified, and only then does the operation run. `/_lambdabox/*` is the platform's
 * own namespace (health, presigned code downloads), handled before authentication.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import type { ApiRequest, ApiResponse } from './api-request.js';
import { InternalServiceError, InvalidSignatureError, isAwsError } from './aws-error.js';
import type { ApiService, RoutedOperation } from './service.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { writeResponse } from './write-response.js';
import { renderRestJsonError } from './rest-json-errors.js';
import type { Authenticator } from '../iam/authenticator.js';
import { parseSigV4 } from '../iam/sigv4/parse.js';
import type { IncomingSignedRequest } from '../iam/sigv4/types.js';

/** Handles `/_lambdabox/*`; returns undefined for paths it does not own. */
export interface InternalRoutes {
  handle(req: ApiRequest): Promise<ApiResponse | undefined>;
}

export interface FrontDoorOptions {
  readonly services: readonly ApiService[];
  readonly authenticator: Authenticator;
  readonly internal: InternalRoutes;
  readonly logger: Logger;
  /** Largest body the door reads for internal routes. */
  readonly internalMaxBodyBytes?: number;
}

export type FrontDoorState = 'new' | 'listening' | 'draining' | 'stopped';

export class FrontDoor {
  readonly #services = new Map<string, ApiService>();
  readonly #authenticator: Authenticator;
  readonly #internal: InternalRoutes;
  readonly #logger: Logger;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #inFlight = 0;
  #idle: (() => void) | undefined;
  #state: FrontDoorState = 'new';

  constructor(options: FrontDoorOptions) {
    for (const service of options.services) this.#services.set(service.signingName, service);
    this.#authenticator = options.authenticator;
    this.#internal = options.internal;
    this.#logger = options.logger;
    this.#server = createServer({ keepAlive: true }, (req, res) => {
      void this.#handle(req, res);
    });
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  get state(): FrontDoorState {
    return this.#state;
  }

  async listen(host: string, port: number): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    this.#state = 'listening';
    return this.#server.address() as AddressInfo;
  }

  /** Stops accepting connections and waits (up to `graceMs`) for requests in flight. */
  async close(graceMs = 10_000): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'draining';
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    if (this.#inFlight > 0) {
      await Promise.race([
        new Promise<void>((resolve) => (this.#idle = resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
    }
    this.destroy();
    await closed;
  }

  /** Drops every connection now, failing requests in flight. */
  destroy(): void {
    this.#state = 'stopped';
    this.#server.closeAllConnections();
    for (const socket of this.#sockets) socket.destroy();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#inFlight++;
    const requestId = randomUUID();
    let service: ApiService | undefined;
    let operation: RoutedOperation | undefined;
    try {
      if (this.#state === 'draining') res.setHeader('Connection', 'close');
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const rawPath = q === -1 ? url : url.slice(0, q);
      const rawQuery = q === -1 ? '' : url.slice(q + 1);
      const base = {
        requestId,
        method: req.method ?? 'GET',
        rawPath,
        rawQuery,
        query: new URLSearchParams(rawQuery),
        headers: req.headers,
        sourceIp: req.socket.remoteAddress ?? '',
        host: req.headers.host ?? '',
        receivedAt: new Date(),
      };
      if (rawPath.startsWith('/_lambdabox/')) {
        const body = await readBody(req, 1024 * 1024);
        const response = await this.#internal.handle({ ...base, body });
        writeResponse(res, requestId, response ?? { status: 404, body: { message: 'Not Found' } });
        return;
      }
      const signed: IncomingSignedRequest = {
        method: base.method,
        path: rawPath,
        query: rawQuery,
        headers: pairHeaders(req.rawHeaders),
        body: Buffer.alloc(0),
      };
      const parsed = parseSigV4(signed);
      service = this.#services.get(parsed.service);
      if (service === undefined) {
        throw new InvalidSignatureError(`Credential should be scoped to correct service: '${[...this.#services.keys()].join("' or '")}'. `);
      }
      operation = service.route(base.method, rawPath, base.query);
      let body: Buffer;
      try {
        body = await readBody(req, operation.maxBodyBytes);
      } catch (err) {
        if (err instanceof BodyTooLargeError) {
          writeResponse(res, requestId, service.renderError(service.tooLarge(operation), requestId, req.headers), true);
          return;
        }
        throw err;
      }
      const caller = await this.#authenticator.authenticate({ ...signed, body }, parsed);
      const response = await operation.run({ ...base, body }, caller);
      writeResponse(res, requestId, response);
      this.#logger.debug({ requestId, op: operation.name, status: response.status }, 'request');
    } catch (err) {
      const awsError = isAwsError(err) ? err : new InternalServiceError(err);
      if (!isAwsError(err)) this.#logger.error({ err, requestId, op: operation?.name }, 'unhandled error');
      else this.#logger.debug({ requestId, op: operation?.name, code: err.code }, 'request failed');
      const rendered = service ? service.renderError(awsError, requestId, req.headers) : renderRestJsonError(awsError);
      if (!res.headersSent) writeResponse(res, requestId, rendered);
      else res.destroy();
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0 && this.#idle) {
        this.#idle();
        this.#idle = undefined;
      }
    }
  }
}

function pairHeaders(raw: readonly string[]): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

