/**
 * The front door: one HTTP port for every service. A request is routed by its SigV4
 * credential-scope service, then by path; its declared length, key, clock and scope are checked on the
 * head alone; its body is read within the operation's limit while the signature is verified, and only
 * then does the operation run. `/_lambdabox/*` is the platform's
 * own namespace (health, presigned code downloads), handled before authentication.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import type { ApiRequest, ApiResponse } from './api-request.js';
import { ContentSha256MismatchError, InvalidSignatureError, internalError, isAwsError } from '../shared/errors/aws-error.js';
import type { AwsError } from '../shared/errors/aws-error.js';
import type { ApiService, RoutedOperation } from './service.js';
import { CallNote } from './call-note.js';
import type { CallAudit } from './call-audit.js';
import { BodyAbortedError, BodyTooLargeError, bodyBuffer, declaresMoreThan, hasUnreadBody, readBody } from './read-body.js';
import { UnverifiedBodyBudget } from './unverified-body-budget.js';
import { lingerAfterResponse } from './lingering-close.js';
import { writeResponse } from './write-response.js';
import { renderRestJsonError } from './rest-json-errors.js';
import type { Authenticator, PendingAuthentication } from '../iam/authenticator.js';
import type { Caller } from '../iam/caller.js';
import { parseSigV4 } from '../iam/sigv4/parse.js';
import type { SignedRequestHead } from '../iam/sigv4/types.js';

/** Handles `/_lambdabox/*`; returns undefined for paths it does not own. */
export interface InternalRoutes {
  handle(req: ApiRequest): Promise<ApiResponse | undefined>;
  /**
   * How much body a request to this path may send, judged from its head alone (e.g. a signed node-channel
   * request); undefined: the door's internal limit.
   */
  bodyLimit?(method: string, rawPath: string, headers: IncomingHttpHeaders): number | undefined;
}

export interface FrontDoorOptions {
  readonly services: readonly ApiService[];
  readonly authenticator: Authenticator;
  readonly internal: InternalRoutes;
  readonly logger: Logger;
  /** Largest body the door reads for internal routes. */
  readonly internalMaxBodyBytes?: number;
  /** Bounds the body bytes held, across requests, before their signature is verified. @default 32 MiB */
  readonly unverifiedBodyBudget?: UnverifiedBodyBudget;
  /** Records every authenticated call before its response is sent (the audit trail). */
  readonly audit?: CallAudit;
}

export const DEFAULT_UNVERIFIED_BODY_BYTES = 32 * 1024 * 1024;

export type FrontDoorState = 'new' | 'listening' | 'draining' | 'stopped';

export class FrontDoor {
  readonly #services = new Map<string, ApiService>();
  readonly #authenticator: Authenticator;
  readonly #internal: InternalRoutes;
  readonly #internalMaxBodyBytes: number;
  readonly #logger: Logger;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #unverified: UnverifiedBodyBudget;
  readonly #audit: CallAudit | undefined;
  #inFlight = 0;
  #idle: (() => void) | undefined;
  #state: FrontDoorState = 'new';

  constructor(options: FrontDoorOptions) {
    for (const service of options.services) this.#services.set(service.signingName, service);
    this.#authenticator = options.authenticator;
    this.#internal = options.internal;
    this.#internalMaxBodyBytes = options.internalMaxBodyBytes ?? 1024 * 1024;
    this.#logger = options.logger;
    this.#unverified = options.unverifiedBodyBudget ?? new UnverifiedBodyBudget(DEFAULT_UNVERIFIED_BODY_BYTES);
    this.#audit = options.audit;
    this.#server = createServer({ keepAlive: true }, (req, res) => {
      void this.#handle(req, res, false);
    });
    // A client that asks before sending its body (`Expect: 100-continue`) is told to go on only once its
    // head has passed authentication, so a refused one never sends the body at all.
    this.#server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      void this.#handle(req, res, true);
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

  async #handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> {
    this.#inFlight++;
    const requestId = randomUUID();
    let service: ApiService | undefined;
    let operation: RoutedOperation | undefined;
    let audited: { readonly caller: Caller; readonly region: string; readonly note: CallNote; readonly base: Omit<ApiRequest, 'body'> } | undefined;
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
      // `/metrics` is the Prometheus scrape, authenticated by the operator's bearer token, not SigV4.
      if (rawPath.startsWith('/_lambdabox/') || rawPath === '/metrics') {
        if (expectsContinue) res.writeContinue();
        const limit = this.#internal.bodyLimit?.(base.method, rawPath, req.headers) ?? this.#internalMaxBodyBytes;
        const body = bodyBuffer(await readBody(req, { limit }));
        const response = await this.#internal.handle({ ...base, body });
        writeResponse(res, requestId, response ?? { status: 404, body: { message: 'Not Found' } });
        return;
      }
      const head: SignedRequestHead = { method: base.method, path: rawPath, query: rawQuery, headers: pairHeaders(req.rawHeaders) };
      const parsed = parseSigV4(head);
      service = this.#services.get(parsed.service);
      if (service === undefined) {
        throw new InvalidSignatureError(`Credential should be scoped to correct service: '${[...this.#services.keys()].join("' or '")}'. `);
      }
      operation = service.route(base.method, rawPath, base.query);
      if (declaresMoreThan(req, operation.maxBodyBytes)) {
        refuse(req, res, requestId, service.renderError(service.tooLarge(operation), requestId, req.headers));
        return;
      }
      // Key, session token, signed headers, clock and scope are all checked before a byte of the body is read.
      const pending = await this.#authenticator.begin(head, parsed);
      if (expectsContinue) res.writeContinue();
      let authenticated: { readonly caller: Caller; readonly body: Buffer };
      try {
        authenticated = await this.#readAuthenticated(req, operation.maxBodyBytes, pending);
      } catch (err) {
        if (err instanceof BodyTooLargeError) {
          refuse(req, res, requestId, service.renderError(service.tooLarge(operation), requestId, req.headers));
          return;
        }
        throw err;
      }
      const { caller, body } = authenticated;
      const note = new CallNote();
      audited = { caller, region: parsed.region, note, base };
      this.#audit?.begin(requestId);
      let response = await operation.run({ ...base, body, note }, caller);
      response = await this.#record(service, operation, audited, response, note.error);
      // Recorded once: a failure while writing the response must not record the call a second time.
      audited = undefined;
      writeResponse(res, requestId, response);
      this.#logger.debug({ requestId, op: operation.name, status: response.status }, 'request');
    } catch (err) {
      if (err instanceof BodyAbortedError) {
        res.destroy();
        return;
      }
      const awsError = isAwsError(err) ? err : internalError(err);
      if (!isAwsError(err)) this.#logger.error({ err, requestId, op: operation?.name }, 'unhandled error');
      else this.#logger.debug({ requestId, op: operation?.name, code: err.code }, 'request failed');
      let rendered = service ? service.renderError(awsError, requestId, req.headers) : renderRestJsonError(awsError);
      if (audited !== undefined && service !== undefined && operation !== undefined && !res.headersSent) {
        rendered = await this.#record(service, operation, audited, rendered, awsError);
      }
      if (res.headersSent) res.destroy();
      else if (hasUnreadBody(req)) refuse(req, res, requestId, rendered);
      else writeResponse(res, requestId, rendered);
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0 && this.#idle) {
        this.#idle();
        this.#idle = undefined;
      }
    }
  }

  /**
   * Makes the call's event durable before its response leaves. When that fails the client is told the call
   * failed (500) rather than sent a success nobody can audit.
   */
  async #record(
    service: ApiService,
    operation: RoutedOperation,
    call: { readonly caller: Caller; readonly region: string; readonly note: CallNote; readonly base: Omit<ApiRequest, 'body'> },
    response: ApiResponse,
    error: AwsError | undefined,
  ): Promise<ApiResponse> {
    if (this.#audit === undefined) return response;
    try {
      await this.#audit.complete({
        signingName: service.signingName,
        operation: operation.name,
        caller: call.caller,
        request: call.base,
        region: call.region,
        status: response.status,
        note: call.note,
        ...(error === undefined ? {} : { error }),
      });
      return response;
    } catch (err) {
      this.#logger.error({ err, requestId: call.base.requestId, op: operation.name }, 'recording the audit event failed');
      return service.renderError(internalError(err), call.base.requestId, call.base.headers);
    }
  }

  /**
   * Reads the body of a request that passed every check but its signature. When the head fixes the payload
   * hash (a declared x-amz-content-sha256), the signature is verified first and only an authenticated body
   * is read. Otherwise the signature covers the body's hash, so the body is hashed as it streams and held,
   * unverified, within the shared budget until the signature is checked at its end.
   * Deviation for security: with a declared hash, a wrong signature is a 403 before the body is read, so a
   * body that also misses its declared hash is not reported as AWS's 400 XAmzContentSHA256Mismatch.
   */
  async #readAuthenticated(
    req: IncomingMessage,
    limit: number,
    pending: PendingAuthentication,
  ): Promise<{ readonly caller: Caller; readonly body: Buffer }> {
    const { signed, bodySha256 } = pending.plan;
    if (signed !== undefined) {
      const caller = pending.complete(signed);
      const read = await readBody(req, { limit, sha256: bodySha256 !== undefined });
      if (bodySha256 !== undefined && read.sha256 !== bodySha256) throw new ContentSha256MismatchError();
      return { caller, body: bodyBuffer(read) };
    }
    const claim = this.#unverified.open();
    try {
      const read = await readBody(req, { limit, sha256: true, claim });
      const caller = pending.complete(read.sha256 ?? '');
      return { caller, body: bodyBuffer(read) };
    } finally {
      claim.close();
    }
  }
}

/**
 * Answers a request whose body is (partly) unread and closes its connection, so a refused client cannot
 * make the server read, let alone hold, what it keeps sending; the close lingers so it still gets the answer.
 */
function refuse(req: IncomingMessage, res: ServerResponse, requestId: string, response: ApiResponse): void {
  if (hasUnreadBody(req)) lingerAfterResponse(res, req.socket);
  writeResponse(res, requestId, response, true);
  // Whatever still arrives is discarded (a body read in part was paused; Node only dumps unread ones).
  req.removeAllListeners('data');
  req.resume();
}

function pairHeaders(raw: readonly string[]): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

