/**
 * The callback handed to a handler and the context's legacy succeed/fail/done methods, with the
 * RIC's semantics: only the first call counts; callback(null, result) with
 * callbackWaitsForEmptyEventLoop true answers once the event loop is empty, otherwise at once;
 * succeed/fail/done always answer at once; fail() with no error reports the string 'handled'.
 */
import type { BeforeExitHook } from './before-exit-hook.mjs';

export type NodeCallback = (err?: unknown, result?: unknown) => void;

export interface CallbackMethods {
  callbackWaitsForEmptyEventLoop: boolean;
  succeed: (result?: unknown) => void;
  fail: (err?: unknown) => void;
  done: NodeCallback;
}

/** How one invocation reports; `then` runs once the Runtime API has the answer. */
export interface InvocationReporter {
  readonly respond: (result: unknown, then: () => void) => void;
  /** Logs the error as an `Invoke Error` and posts it. */
  readonly fail: (err: unknown, then: () => void) => void;
}

export interface CallbackKit {
  readonly callback: NodeCallback;
  readonly methods: CallbackMethods;
  /** Stops any later completion from posting (the invocation was settled another way). */
  readonly markCompleted: () => void;
}

export function buildCallbackKit(reporter: InvocationReporter, beforeExit: BeforeExitHook, scheduleNext: () => void): CallbackKit {
  let completed = false;
  let waitForEmptyEventLoop = true;
  let finished = false;

  const complete = (result: unknown): void => {
    if (completed) {
      console.error('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
      return;
    }
    completed = true;
    reporter.respond(result, scheduleNext);
  };

  const rawCallback: NodeCallback = (err, result) => {
    beforeExit.reset();
    if (err !== undefined && err !== null) {
      reporter.fail(err, scheduleNext);
    } else if (!waitForEmptyEventLoop) {
      complete(result);
    } else {
      beforeExit.set(() => setImmediate(() => complete(result)));
    }
  };

  const rawDone: NodeCallback = (err, result) => {
    beforeExit.reset();
    if (err !== undefined && err !== null) reporter.fail(err, scheduleNext);
    else complete(result);
  };

  // `finished` is set after the call, so a call that throws (an unserializable result) leaves the
  // way open for the fail() that reports it.
  const once = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A): void => {
    if (finished) return;
    fn(...args);
    finished = true;
  };

  const methods: CallbackMethods = {
    get callbackWaitsForEmptyEventLoop(): boolean {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value: boolean) {
      waitForEmptyEventLoop = value;
    },
    succeed: once((result?: unknown) => rawDone(null, result)),
    fail: once((err?: unknown) => (err === undefined || err === null ? rawDone('handled') : rawDone(err, null))),
    done: once(rawDone),
  };

  return {
    callback: once(rawCallback),
    methods,
    markCompleted: () => {
      completed = true;
    },
  };
}
