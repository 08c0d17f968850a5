/**
 * What the front door tells the audit trail about each authenticated call (with the call's note, see
 * call-note.ts). The door waits for `complete()` before it answers, so a call whose response is sent has
 * its event durable.
 */
import type { ApiRequest } from './api-request.js';
import type { AwsError } from '../shared/errors/aws-error.js';
import type { CallNote } from './call-note.js';
import type { Caller } from '../iam/caller.js';

export interface CompletedCall {
  /** The credential-scope service that routed it, e.g. `lambda`. */
  readonly signingName: string;
  /** The routed operation's name (used when the note names no event). */
  readonly operation: string;
  readonly caller: Caller;
  readonly request: Omit<ApiRequest, 'body'>;
  /** The region the request was signed for. */
  readonly region: string;
  readonly status: number;
  readonly error?: AwsError;
  readonly note: CallNote;
}

export interface CallAudit {
  /** A call is authenticated and about to run: decisions made under its request id belong to it. */
  begin(requestId: string): void;
  /** Resolves once the call's event is durable (or there is nothing to record). */
  complete(call: CompletedCall): Promise<void>;
}

/**
 * The members of a query-string or form request, without what is not a parameter of the operation: the
 * protocol's `Action`/`Version` and a presigned request's `X-Amz-*` (its credential and signature).
 */
export function callParameters(entries: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of entries) if (k !== 'Action' && k !== 'Version' && !/^x-amz-/i.test(k)) out[k] = v;
  return out;
}
