/**
 * What the front door tells the audit trail about each authenticated call, and what a service tells it
 * through the call's note: the event's name as its service's CloudTrail names it, whether it only reads,
 * the resources it names, its parameters and response (before redaction), and the resources it changed.
 * The door waits for `complete()` before it answers, so a call whose response is sent has its event durable.
 */
import type { ApiRequest } from './api-request.js';
import type { AwsError } from '../shared/errors/aws-error.js';
import type { Caller } from '../iam/caller.js';

/** A resource the call names (LookupEvents' Resources). */
export interface CallResource {
  readonly type: string;
  readonly name: string;
}

/** A resource whose configuration the call may have changed (configuration history). */
export interface ChangedResource {
  readonly resourceType: 'AWS::Lambda::Function' | 'AWS::IAM::Role' | 'AWS::IAM::Policy';
  /** Function name, role name, or policy ARN. */
  readonly resourceName: string;
  /** The resource's account when it is not the caller's (a cross-account call). */
  readonly accountId?: string;
}

export interface CallDescription {
  /** e.g. `CreateFunction20150331`; the operation's name when not given. */
  readonly eventName?: string;
  readonly readOnly?: boolean;
  /** False for data events (Lambda's Invoke), recorded only for trails whose selectors ask for them. */
  readonly management?: boolean;
  /** Members as the client sent them; the trail converts names and redacts secrets. */
  readonly requestParameters?: Readonly<Record<string, unknown>>;
  readonly resources?: readonly CallResource[];
  /** The account that owns the resource, when it is not the caller's. */
  readonly recipientAccountId?: string;
}

/** Filled by the service while the call runs; read by the audit trail when it ends. */
export class CallNote {
  description: CallDescription = {};
  responseElements: Readonly<Record<string, unknown>> | undefined;
  error: AwsError | undefined;
  readonly changes: ChangedResource[] = [];

  describe(description: CallDescription): void {
    this.description = { ...this.description, ...description };
  }

  /** The response's members, for calls that change something (read-only calls record none, as AWS). */
  respond(elements: Readonly<Record<string, unknown>> | undefined): void {
    this.responseElements = elements;
  }

  /** An error the service rendered itself rather than threw. */
  failed(error: AwsError): void {
    this.error = error;
  }

  changed(resource: ChangedResource): void {
    this.changes.push(resource);
  }
}

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
