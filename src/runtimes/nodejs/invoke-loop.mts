/**
 * The invoke loop: GET /next, run the handler, post its answer, repeat. nodejs20.x/22.x follow
 * aws-lambda-ric 3 (callback handlers, callbackWaitsForEmptyEventLoop, a handler that never answers
 * is settled when the event loop empties); nodejs24.x follows RIC 4 (async handlers only, answered
 * when their promise settles).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { BeforeExitHook } from './before-exit-hook.mjs';
import { buildCallbackKit } from './callback-context.mjs';
import type { InvocationReporter } from './callback-context.mjs';
import type { ErrorLogger, RequestIdSlot } from './console-patch.mjs';
import type { HandlerMetadata, UserHandler } from './handler-loader.mjs';
import { buildAsyncContext, buildContext, HEADER } from './invoke-context.mjs';
import { NodeJsExit, RuntimeClientError, serializeResult, toRapidError } from './runtime-errors.mjs';
import type { NextInvocation, RuntimeClient } from './runtime-client.mjs';
import type { HttpResponse } from './http-response-parser.mjs';
import { runStreamingHandler } from './response-stream.mjs';
import { xrayCause } from './xray-cause.mjs';

/** What the process-level listeners do with an uncaught error; re-pointed at each invocation. */
export interface ErrorCallbacks {
  uncaughtException: (error: unknown) => void;
  unhandledRejection: (error: unknown) => void;
}

export interface InvokeLoopOptions {
  readonly client: RuntimeClient;
  readonly handler: UserHandler;
  readonly metadata: HandlerMetadata;
  readonly errorCallbacks: ErrorCallbacks;
  readonly beforeExit: BeforeExitHook;
  readonly requestIds: RequestIdSlot;
  readonly logError: ErrorLogger;
  /** nodejs24.x semantics. */
  readonly asyncOnly: boolean;
  /** The Runtime API could not be reached: the environment is gone. */
  readonly lost: (err: unknown) => void;
}

/** Exit codes of aws-lambda-ric after reporting an uncaught exception or an unhandled rejection. */
export const EXIT_UNCAUGHT_EXCEPTION = 129;
export const EXIT_UNHANDLED_REJECTION = 128;

function isThenable(value: unknown): boolean {
  return Boolean(value) && typeof (value as { then?: unknown }).then === 'function';
}

export class InvokeLoop {
  readonly #o: InvokeLoopOptions;
  readonly #scheduleNext = (): void => this.scheduleIteration();

  constructor(options: InvokeLoopOptions) {
    this.#o = options;
  }

  scheduleIteration(): void {
    setImmediate(() => {
      this.#handleOnce().then(undefined, (err: unknown) => {
        console.log(`Unexpected Top Level Error: ${String(err)}`);
        this.#o.errorCallbacks.uncaughtException(err);
      });
    });
  }

  /** Posts an invocation error; `then` runs once the Runtime API has it. */
  #postError(err: unknown, requestId: string, then: () => void): void {
    const json = serializeResult(toRapidError(err));
    this.#settle(this.#o.client.postError(requestId, json, xrayCause(err)), then);
  }

  #respond(result: unknown, requestId: string, then: () => void): void {
    this.#settle(this.#o.client.postResponse(requestId, serializeResult(result)), then);
  }

  #settle(posted: Promise<HttpResponse>, then: () => void): void {
    // Like the RIC, a 4xx answer (stale id, oversized response) does not stop the loop.
    posted.then(() => then(), this.#o.lost);
  }

  #reporter(requestId: string): InvocationReporter {
    return {
      respond: (result, then) => this.#respond(result, requestId, then),
      fail: (err, then) => {
        this.#o.logError('Invoke Error', err);
        this.#postError(err, requestId, then);
      },
    };
  }

  async #handleOnce(): Promise<void> {
    const invocation = await this.#o.client.next();
    const requestId = invocation.headers[HEADER.requestId];
    if (!requestId) throw new RuntimeClientError('invocation id is missing or invalid');
    this.#o.requestIds.value = requestId;
    this.#pointErrorsAt(requestId);
    if (this.#o.metadata.streaming) return this.#invokeStreaming(invocation, requestId);
    if (this.#o.asyncOnly) return this.#invokeAsyncOnly(invocation, requestId);

    const reporter = this.#reporter(requestId);
    const { callback, methods, markCompleted } = buildCallbackKit(reporter, this.#o.beforeExit, this.#scheduleNext);
    try {
      this.#o.beforeExit.set(() => {
        // Nothing answered and nothing is left to run: an async handler's promise never settled
        // (an error), a sync or callback handler just returned (null).
        markCompleted();
        if (this.#o.metadata.isAsync) {
          const error = new NodeJsExit();
          this.#o.logError('Invoke Error', error);
          this.#postError(error, requestId, this.#scheduleNext);
        } else {
          this.#respond(null, requestId, this.#scheduleNext);
        }
      });
      const result = this.#o.handler(
        JSON.parse(invocation.body.toString('utf8')),
        buildContext(invocation.headers, requestId, methods),
        callback,
      );
      if (isThenable(result)) {
        void (result as Promise<unknown>).then(methods.succeed, methods.fail).catch(methods.fail);
      }
    } catch (err) {
      callback(err);
    }
  }

  async #invokeAsyncOnly(invocation: NextInvocation, requestId: string): Promise<void> {
    const { beforeExit, handler, logError } = this.#o;
    let settled = false;
    beforeExit.set(() => {
      settled = true;
      beforeExit.reset();
      const error = new NodeJsExit();
      logError('Invoke Error', error);
      this.#postError(error, requestId, this.#scheduleNext);
    });
    let failure: { readonly error: unknown } | undefined;
    try {
      const event: unknown = JSON.parse(invocation.body.toString('utf8'));
      const result = await handler(event, buildAsyncContext(invocation.headers, requestId));
      await nextTurn();
      if (settled) return;
      beforeExit.reset();
      this.#respond(result, requestId, this.#scheduleNext);
      return;
    } catch (err) {
      failure = { error: err };
    }
    await nextTurn();
    if (settled) return;
    beforeExit.reset();
    logError('Invoke Error', failure.error);
    this.#postError(failure.error, requestId, this.#scheduleNext);
  }

  async #invokeStreaming(invocation: NextInvocation, requestId: string): Promise<void> {
    const { beforeExit, handler, logError } = this.#o;
    beforeExit.reset();
    const outcome = await runStreamingHandler(handler, invocation, requestId, this.#o.asyncOnly);
    if (outcome.kind === 'error') {
      logError('Invoke Error', outcome.error);
      this.#postError(outcome.error, requestId, this.#scheduleNext);
      return;
    }
    this.#settle(this.#o.client.postRawResponse(requestId, outcome.body, outcome.contentType), this.#scheduleNext);
  }

  #pointErrorsAt(requestId: string): void {
    const exitAfter = (code: number) => (): void => process.exit(code);
    this.#o.errorCallbacks.uncaughtException = (error) => {
      this.#postError(error, requestId, exitAfter(EXIT_UNCAUGHT_EXCEPTION));
    };
    this.#o.errorCallbacks.unhandledRejection = (error) => {
      this.#postError(error, requestId, exitAfter(EXIT_UNHANDLED_REJECTION));
    };
  }
}
