/**
 * The Runtime API 2018-06-01 of one execution environment, served on a Unix socket that only that
 * environment's sandbox can reach. It mirrors the state machine and wire answers of the RIE
 * (aws/aws-lambda-runtime-interface-emulator; the API itself:
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) and sits on the warm-invoke hot
 * path, hence bare node:http and no per-request work beyond the essentials. The socket is reachable
 * by the function's own code, not only by its runtime, so connections count against the environment's
 * share (connection-guard.ts) and a request has a head and a body timeout. Neither applies to a
 * request already received: the runtime's pending GET /next long-polls for as long as no invocation
 * comes, and is never cut.
 */
import { chmod, lstat, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { readBoundedBody } from './bounded-body.js';
import { reportedErrorType } from './error-type.js';
import { ConnectionGuard } from '../connection-guard.js';
import { connectionsCheckingInterval, listenerLimits, RUNTIME_API_KEEP_ALIVE_MS } from '../listener-limits.js';
import type { ListenerLimits } from '../listener-limits.js';
import { InvocationInFlightError, RuntimeApiClosedError, RuntimeInitError } from './errors.js';
import type { InitErrorOutcome, InvocationOutcome, InvocationRequest, RuntimeApiState } from './invocation.js';
import { sendNextEvent } from './next-event.js';
import { publicState } from './runtime-phase.js';
import type { RuntimePhase } from './runtime-phase.js';
import {
  payloadTooLargeBody,
  sendAccepted,
  sendInvalidRequestId,
  sendInvalidResponseMode,
  sendInvalidStateTransition,
  sendMethodNotAllowed,
  sendNotFound,
  sendPong,
  sendTooLarge,
} from './runtime-responses.js';
import { allowedMethod, decodeRequestId, matchRuntimeRoute } from './runtime-route.js';

/** 6 MiB + 100 bytes: the RIE's interop.MaxPayloadSize, which AWS enforces on responses too. */
export const DEFAULT_MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

export interface RuntimeApiServerOptions {
  readonly socketPath: string;
  readonly maxResponseBytes?: number;
  readonly logger?: Logger;
  /** Timeouts and the connection cap of a guard made here. @default DEFAULT_LISTENER_LIMITS */
  readonly limits?: Partial<ListenerLimits>;
  /**
   * The environment's guard, shared with its other listeners. Without one the server has its own,
   * and a flood closes the server (as if the runtime had died).
   */
  readonly guard?: ConnectionGuard;
}

interface InFlight {
  readonly request: InvocationRequest;
  readonly resolve: (outcome: InvocationOutcome) => void;
  readonly reject: (err: Error) => void;
  /** Handed to the runtime by a /next. */
  delivered: boolean;
  /**
   * The /next that carried it was reset by the runtime with the event unread: a Unix socket closed with
   * data still queued for it resets its peer (ECONNRESET), where one that read everything just ends.
   */
  unread?: boolean;
  /** The connection that carried it. */
  carrier?: Socket;
}

const EMPTY = Buffer.alloc(0);

export class RuntimeApiServer {
  readonly initDone: Promise<number>;

  readonly #socketPath: string;
  readonly #maxResponseBytes: number;
  readonly #tooLargeBody: Buffer;
  readonly #logger: Logger | undefined;
  readonly #server: Server;
  #phase: RuntimePhase = 'Started';
  #closed = false;
  /** Only a socket this server created is removed on close. */
  #listening = false;
  #closing: Promise<void> | undefined;
  #startedAt = 0;
  #initSettled = false;
  #resolveInit: (ms: number) => void = () => undefined;
  #rejectInit: (err: Error) => void = () => undefined;
  #initFailure: InitErrorOutcome | undefined;
  #current: InFlight | undefined;
  /** The runtime's long-polling /next, when no invocation was there to answer it. */
  #pendingNext: ServerResponse | undefined;
  /** Connections watched for a reset that leaves a delivered event unread (#deliver). */
  readonly #watched = new WeakSet<Socket>();
  /** backInNext() callers, told when the runtime parks in /next (true) or the server closes (false). */
  #nextWaiters: Array<(parked: boolean) => void> = [];

  constructor(options: RuntimeApiServerOptions) {
    this.#socketPath = options.socketPath;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#tooLargeBody = payloadTooLargeBody(this.#maxResponseBytes);
    this.#logger = options.logger;
    this.initDone = new Promise<number>((resolve, reject) => {
      this.#resolveInit = resolve;
      this.#rejectInit = reject;
    });
    // Marks the rejection handled; whoever awaits initDone still sees it.
    this.initDone.catch(() => undefined);
    const limits = listenerLimits(options.limits);
    this.#server = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        connectionsCheckingInterval: connectionsCheckingInterval(limits),
      },
      (req, res) => this.#handle(req, res),
    );
    this.#server.keepAliveTimeout = RUNTIME_API_KEEP_ALIVE_MS;
    const guard =
      options.guard ??
      new ConnectionGuard({
        limit: limits.connectionsPerEnvironment,
        onExceeded: () => this.destroy(new RuntimeApiClosedError('Too many connections to the Runtime API')),
      });
    guard.attach(this.#server, 'runtime-api');
  }

  get state(): RuntimeApiState {
    return publicState(this.#phase, this.#closed, this.#current !== undefined);
  }

  async start(): Promise<void> {
    if (this.#closed) throw new RuntimeApiClosedError();
    await removeStaleSocket(this.#socketPath);
    this.#startedAt = performance.now();
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.#server.once('error', onError);
      this.#server.listen(this.#socketPath, () => {
        this.#server.removeListener('error', onError);
        this.#listening = true;
        resolve();
      });
    });
    this.#server.on('error', (err) => this.#logger?.error({ err }, 'runtime API server error'));
    // The sandbox runs as another uid; the private directory holding the socket is the access control.
    await chmod(this.#socketPath, 0o666);
  }

  invoke(request: InvocationRequest): Promise<InvocationOutcome> {
    if (this.#closed) return Promise.reject(new RuntimeApiClosedError());
    if (this.#current !== undefined) throw new InvocationInFlightError(this.#current.request.requestId);
    // Lambda returns an init failure on the invoke that triggered Init; the runtime is gone anyway.
    if (this.#initFailure !== undefined) return Promise.resolve(this.#initFailure);
    return new Promise<InvocationOutcome>((resolve, reject) => {
      const inFlight: InFlight = { request, resolve, reject, delivered: false };
      this.#current = inFlight;
      const next = this.#pendingNext;
      if (next === undefined) return;
      this.#pendingNext = undefined;
      next.removeListener('close', this.#onPendingNextClose);
      if (next.socket === null || next.socket.destroyed) return;
      this.#deliver(inFlight, next);
    });
  }

  /**
   * Resolves true once the runtime waits in /next again, false if it has not within `ms` or the
   * server closes. After a refused (413) response a runtime may crash on the refusal (awslambdaric
   * raises), so the environment keeps it only when it comes back.
   */
  backInNext(ms: number): Promise<boolean> {
    if (this.#pendingNext !== undefined) return Promise.resolve(true);
    if (this.#closed) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const settle = (parked: boolean): void => {
        clearTimeout(timer);
        this.#nextWaiters = this.#nextWaiters.filter((w) => w !== settle);
        resolve(parked);
      };
      const timer = setTimeout(() => settle(false), ms);
      this.#nextWaiters.push(settle);
    });
  }

  #wakeNextWaiters(parked: boolean): void {
    for (const waiter of [...this.#nextWaiters]) waiter(parked);
  }

  /** The runtime process died: fail the invocation in flight (or a pending init) with `err`, and close. */
  destroy(err?: Error): void {
    this.#shutdown(err ?? new RuntimeApiClosedError('The runtime exited')).catch((closeErr: unknown) =>
      this.#logger?.warn({ err: closeErr }, 'runtime API close failed'),
    );
  }

  /** Stops serving: pending work is rejected with RuntimeApiClosedError and the socket file removed. */
  close(): Promise<void> {
    return this.#shutdown(new RuntimeApiClosedError());
  }

  #shutdown(reason: Error): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    const inFlight = this.#current;
    this.#current = undefined;
    this.#pendingNext = undefined;
    inFlight?.reject(reason);
    this.#settleInit(undefined, reason);
    this.#wakeNextWaiters(false);
    this.#closing = new Promise<void>((resolve) => {
      // Not-running (never started) is fine: there is nothing to stop.
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    }).then(() => (this.#listening ? rm(this.#socketPath, { force: true }) : undefined));
    return this.#closing;
  }

  readonly #onPendingNextClose = (): void => {
    this.#pendingNext = undefined;
  };

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const route = matchRuntimeRoute(req.url ?? '');
    const method = allowedMethod(route);
    if (method === undefined) return sendNotFound(res);
    if (req.method !== method) return sendMethodNotAllowed(res, method);
    if (this.#closed) {
      res.destroy();
      return;
    }
    switch (route.kind) {
      case 'next':
        return this.#next(res);
      case 'response':
      case 'error':
        return this.#result(route.kind, route.rawRequestId, req, res);
      case 'init-error':
        return this.#initError(req, res);
      case 'ping':
        return sendPong(res);
      case 'not-found':
        return sendNotFound(res);
    }
  }

  #next(res: ServerResponse): void {
    const inFlight = this.#current;
    if (this.#phase === 'Running' && inFlight?.delivered === true) {
      // Decided after this turn's I/O: the connection that carried the event may have closed just
      // before this /next came, its end not read yet (it was sent first, so it is by then).
      setImmediate(() => {
        if (this.#closed) res.destroy();
        else this.#nextWhileRunning(inFlight, res);
      });
      return;
    }
    this.#acceptNext(res);
  }

  /**
   * A /next while an invocation runs is refused (as the RIE does), unless the connection that carried its
   * event was reset with it unread (a runtime that dropped its /next as the event went out): an invocation
   * nobody holds would hang until its timeout, so the runtime asking again gets it.
   */
  #nextWhileRunning(inFlight: InFlight, res: ServerResponse): void {
    if (this.#current === inFlight && this.#phase === 'Running' && inFlight.unread === true) {
      inFlight.delivered = false;
      delete inFlight.unread;
      this.#phase = 'Ready';
    }
    this.#acceptNext(res);
  }

  #acceptNext(res: ServerResponse): void {
    const phase = this.#phase;
    const accepted =
      phase === 'Started' ||
      phase === 'RuntimeResponseSentState' ||
      (phase === 'Ready' && this.#pendingNext === undefined);
    if (!accepted) return this.#refuse(res, phase, 'Ready');
    if (phase === 'Started') this.#settleInit(performance.now() - this.#startedAt, undefined);
    this.#phase = 'Ready';
    const inFlight = this.#current;
    if (inFlight !== undefined && !inFlight.delivered) return this.#deliver(inFlight, res);
    this.#pendingNext = res;
    res.once('close', this.#onPendingNextClose);
    this.#wakeNextWaiters(true);
  }

  #deliver(inFlight: InFlight, res: ServerResponse): void {
    inFlight.delivered = true;
    const socket = res.socket;
    if (socket !== null) {
      inFlight.carrier = socket;
      // One listener per connection, however many events a kept-alive runtime fetches over it.
      if (!this.#watched.has(socket)) {
        this.#watched.add(socket);
        socket.on('error', (err: NodeJS.ErrnoException) => {
          const current = this.#current;
          if (current?.carrier === socket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) current.unread = true;
        });
      }
    }
    this.#phase = 'Running';
    sendNextEvent(res, inFlight.request);
  }

  #result(kind: 'response' | 'error', rawId: string, req: IncomingMessage, res: ServerResponse): void {
    // The id is checked before the state, as the RIE's AwsRequestIDValidator runs first.
    const inFlight = this.#current;
    if (inFlight === undefined || decodeRequestId(rawId) !== inFlight.request.requestId) {
      return sendInvalidRequestId(res);
    }
    const target: RuntimePhase = kind === 'response' ? 'InvocationResponse' : 'InvocationErrorResponse';
    if (this.#phase !== 'Running') return this.#refuse(res, this.#phase, target);
    const mode = req.headers['lambda-runtime-function-response-mode'];
    if (kind === 'response' && mode !== undefined && mode !== '') {
      // Streaming is not supported yet; the RIE fails the invocation the same way for unknown modes.
      this.#complete(inFlight, { kind: 'error', body: EMPTY, errorType: 'Runtime.InvalidResponseModeHeader' });
      return sendInvalidResponseMode(res);
    }
    this.#phase = target;
    readBoundedBody(req, this.#maxResponseBytes, {
      done: (body) => {
        if (this.#current !== inFlight) return sendInvalidRequestId(res);
        if (body === null) {
          this.#complete(inFlight, { kind: 'response-too-large' });
          return sendTooLarge(res, this.#tooLargeBody);
        }
        this.#complete(
          inFlight,
          kind === 'response'
            ? { kind: 'response', body, contentType: req.headers['content-type'] }
            : { kind: 'error', body, errorType: reportedErrorType(req.headers, body) },
        );
        sendAccepted(res);
      },
      aborted: () => {
        // The runtime may retry the post; if it died, the environment destroys us.
        if (this.#current === inFlight && this.#phase === target) this.#phase = 'Running';
      },
    });
  }

  #initError(req: IncomingMessage, res: ServerResponse): void {
    if (this.#phase !== 'Started') return this.#refuse(res, this.#phase, 'InitError');
    this.#phase = 'InitError';
    readBoundedBody(req, this.#maxResponseBytes, {
      done: (body) => {
        if (this.#closed) return;
        const outcome: InitErrorOutcome = {
          kind: 'init-error',
          body: body ?? EMPTY,
          errorType: reportedErrorType(req.headers, body),
        };
        this.#initFailure = outcome;
        this.#settleInit(undefined, new RuntimeInitError(outcome));
        const inFlight = this.#current;
        if (inFlight !== undefined) {
          this.#current = undefined;
          inFlight.resolve(outcome);
        }
        if (body === null) return sendTooLarge(res, this.#tooLargeBody);
        sendAccepted(res);
      },
      aborted: () => {
        if (this.#phase === 'InitError' && this.#initFailure === undefined) this.#phase = 'Started';
      },
    });
  }

  #complete(inFlight: InFlight, outcome: InvocationOutcome): void {
    this.#current = undefined;
    this.#phase = 'RuntimeResponseSentState';
    inFlight.resolve(outcome);
  }

  #refuse(res: ServerResponse, from: RuntimePhase, to: RuntimePhase): void {
    this.#logger?.warn({ from, to }, 'runtime API: invalid state transition');
    sendInvalidStateTransition(res, from, to);
  }

  #settleInit(ms: number | undefined, err: Error | undefined): void {
    if (this.#initSettled) return;
    this.#initSettled = true;
    if (err !== undefined) this.#rejectInit(err);
    else this.#resolveInit(ms ?? 0);
  }
}

/** A socket left by a crashed server would make listen fail with EADDRINUSE; only a socket is removed. */
async function removeStaleSocket(path: string): Promise<void> {
  try {
    if ((await lstat(path)).isSocket()) await rm(path, { force: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
