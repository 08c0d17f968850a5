/**
 * Host-side errors of the Runtime API server. They never reach a client as such: the environment
 * maps them to Lambda's platform errors (Runtime.ExitError, Sandbox.Timedout, …).
 */
import type { InitErrorOutcome } from './invocation.js';

/** The server was closed or destroyed while work was pending, or used after that. */
export class RuntimeApiClosedError extends Error {
  constructor(message = 'The Runtime API server is closed') {
    super(message);
    this.name = 'RuntimeApiClosedError';
  }
}

/** invoke() while another invocation is in flight: an environment runs one invocation at a time. */
export class InvocationInFlightError extends Error {
  constructor(readonly inFlightRequestId: string) {
    super(`Invocation ${inFlightRequestId} is still in flight in this execution environment`);
    this.name = 'InvocationInFlightError';
  }
}

/** Rejects `initDone` when the runtime posts /runtime/init/error. */
export class RuntimeInitError extends Error {
  readonly outcome: InitErrorOutcome;

  constructor(outcome: InitErrorOutcome) {
    super(`The runtime reported an init error${outcome.errorType === undefined ? '' : `: ${outcome.errorType}`}`);
    this.name = 'RuntimeInitError';
    this.outcome = outcome;
  }
}
