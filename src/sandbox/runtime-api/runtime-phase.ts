/**
 * Where the runtime is in its lifecycle, named as the RIE names its runtime states (core/states.go)
 * because its InvalidStateTransition messages quote these names and runtimes may log them.
 */
import type { RuntimeApiState } from './invocation.js';

export type RuntimePhase =
  /** Started, no /next yet: Init is running. */
  | 'Started'
  /** Posted /runtime/init/error; the runtime is about to exit. */
  | 'InitError'
  /** Waiting in /next (or about to call it again). */
  | 'Ready'
  /** Holds an invocation it fetched with /next. */
  | 'Running'
  /** Posting …/response. */
  | 'InvocationResponse'
  /** Posting …/error. */
  | 'InvocationErrorResponse'
  /** Answered; its next /next makes it Ready. */
  | 'RuntimeResponseSentState';

/** The environment's view: busy with an invocation wins over still initializing. */
export function publicState(phase: RuntimePhase, closed: boolean, inFlight: boolean): RuntimeApiState {
  if (closed) return 'closed';
  if (phase === 'InitError') return 'init-failed';
  if (inFlight) return 'invoking';
  return phase === 'Started' ? 'initializing' : 'idle';
}
