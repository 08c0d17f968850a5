/**
 * What a service tells the audit trail about a call while it runs: the event's name as its service's
 * CloudTrail names it, whether it only reads, the resources it names, its parameters and response (before
 * redaction), and the resources it changed (configuration history).
 */
import type { AwsError } from '../shared/errors/aws-error.js';

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
